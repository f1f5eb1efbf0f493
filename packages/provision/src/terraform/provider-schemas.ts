/**
 * The provider schemas of the resources meshkit renders, in a compact form: attribute → type (`!` when
 * required, `~` when computed only), nested block → { block, min, max }. AWS: generated from
 * `terraform providers schema -json` of hashicorp/aws 5.100.0 (deprecated arguments of aws_s3_bucket
 * left out on purpose, so using one fails). Snowflake (snowflakedb/snowflake v1/v2) and Google (hashicorp/google v5/v6): written from the
 * providers' resource documentation. Tests check every rendered resource against these where the real
 * providers are not installed (`terraform validate` runs where they are).
 */
export type AttributeType = "string" | "bool" | "number" | "list" | "set" | "map";
/** `!`: required; `~`: computed only (readable in references, not settable). */
export type SchemaEntry = `${"!" | "~" | ""}${AttributeType}` | BlockSchema;
export interface BlockSchema {
  block: Record<string, SchemaEntry>;
  min?: number;
  max?: number;
}
export type ResourceSchemas = Record<string, Record<string, SchemaEntry>>;

export const AWS_SCHEMAS: ResourceSchemas = {
  "aws_kms_key": {
    "arn": "~string",
    "bypass_policy_lockout_safety_check": "bool",
    "custom_key_store_id": "string",
    "customer_master_key_spec": "string",
    "deletion_window_in_days": "number",
    "description": "string",
    "enable_key_rotation": "bool",
    "id": "string",
    "is_enabled": "bool",
    "key_id": "~string",
    "key_usage": "string",
    "multi_region": "bool",
    "policy": "string",
    "rotation_period_in_days": "number",
    "tags": "map",
    "tags_all": "map",
    "xks_key_id": "string"
  },
  "aws_kms_alias": {
    "arn": "~string",
    "id": "string",
    "name": "string",
    "name_prefix": "string",
    "target_key_arn": "~string",
    "target_key_id": "!string"
  },
  "aws_s3_bucket": {
    "arn": "~string",
    "bucket": "string",
    "bucket_domain_name": "~string",
    "bucket_prefix": "string",
    "bucket_regional_domain_name": "~string",
    "force_destroy": "bool",
    "hosted_zone_id": "~string",
    "id": "string",
    "object_lock_enabled": "bool",
    "region": "~string",
    "tags": "map",
    "tags_all": "map"
  },
  "aws_s3_bucket_server_side_encryption_configuration": {
    "bucket": "!string",
    "expected_bucket_owner": "string",
    "id": "string",
    "rule": {
      "block": {
        "bucket_key_enabled": "bool",
        "apply_server_side_encryption_by_default": {
          "block": {
            "kms_master_key_id": "string",
            "sse_algorithm": "!string"
          },
          "max": 1
        }
      },
      "min": 1
    }
  },
  "aws_s3_bucket_public_access_block": {
    "block_public_acls": "bool",
    "block_public_policy": "bool",
    "bucket": "!string",
    "id": "string",
    "ignore_public_acls": "bool",
    "restrict_public_buckets": "bool"
  },
  "aws_s3_bucket_ownership_controls": {
    "bucket": "!string",
    "id": "string",
    "rule": {
      "block": {
        "object_ownership": "!string"
      },
      "min": 1,
      "max": 1
    }
  },
  "aws_s3_bucket_versioning": {
    "bucket": "!string",
    "expected_bucket_owner": "string",
    "id": "string",
    "mfa": "string",
    "versioning_configuration": {
      "block": {
        "mfa_delete": "string",
        "status": "!string"
      },
      "min": 1,
      "max": 1
    }
  },
  "aws_s3_bucket_policy": {
    "bucket": "!string",
    "id": "string",
    "policy": "!string"
  },
  "aws_s3_bucket_lifecycle_configuration": {
    "bucket": "!string",
    "expected_bucket_owner": "string",
    "id": "~string",
    "transition_default_minimum_object_size": "string",
    "rule": {
      "block": {
        "id": "!string",
        "prefix": "string",
        "status": "!string",
        "abort_incomplete_multipart_upload": {
          "block": {
            "days_after_initiation": "number"
          }
        },
        "expiration": {
          "block": {
            "date": "string",
            "days": "number",
            "expired_object_delete_marker": "bool"
          }
        },
        "filter": {
          "block": {
            "object_size_greater_than": "number",
            "object_size_less_than": "number",
            "prefix": "string",
            "and": {
              "block": {
                "object_size_greater_than": "number",
                "object_size_less_than": "number",
                "prefix": "string",
                "tags": "map"
              }
            },
            "tag": {
              "block": {
                "key": "!string",
                "value": "!string"
              }
            }
          }
        },
        "noncurrent_version_expiration": {
          "block": {
            "newer_noncurrent_versions": "number",
            "noncurrent_days": "!number"
          }
        },
        "noncurrent_version_transition": {
          "block": {
            "newer_noncurrent_versions": "number",
            "noncurrent_days": "!number",
            "storage_class": "!string"
          }
        },
        "transition": {
          "block": {
            "date": "string",
            "days": "number",
            "storage_class": "!string"
          }
        }
      }
    }
  },
  "aws_lakeformation_resource": {
    "arn": "!string",
    "hybrid_access_enabled": "bool",
    "id": "string",
    "last_modified": "~string",
    "role_arn": "string",
    "use_service_linked_role": "bool",
    "with_federation": "bool"
  },
  "aws_glue_catalog_database": {
    "arn": "~string",
    "catalog_id": "string",
    "description": "string",
    "id": "string",
    "location_uri": "string",
    "name": "!string",
    "parameters": "map",
    "tags": "map",
    "tags_all": "map",
    "create_table_default_permission": {
      "block": {
        "permissions": "set",
        "principal": {
          "block": {
            "data_lake_principal_identifier": "string"
          },
          "max": 1
        }
      }
    },
    "federated_database": {
      "block": {
        "connection_name": "string",
        "identifier": "string"
      },
      "max": 1
    },
    "target_database": {
      "block": {
        "catalog_id": "!string",
        "database_name": "!string",
        "region": "string"
      },
      "max": 1
    }
  },
  "aws_glue_catalog_table": {
    "arn": "~string",
    "catalog_id": "string",
    "database_name": "!string",
    "description": "string",
    "id": "string",
    "name": "!string",
    "owner": "string",
    "parameters": "map",
    "retention": "number",
    "table_type": "string",
    "view_expanded_text": "string",
    "view_original_text": "string",
    "open_table_format_input": {
      "block": {
        "iceberg_input": {
          "block": {
            "metadata_operation": "!string",
            "version": "string"
          },
          "min": 1,
          "max": 1
        }
      },
      "max": 1
    },
    "partition_index": {
      "block": {
        "index_name": "!string",
        "index_status": "~string",
        "keys": "!list"
      },
      "max": 3
    },
    "partition_keys": {
      "block": {
        "comment": "string",
        "name": "!string",
        "type": "string"
      }
    },
    "storage_descriptor": {
      "block": {
        "additional_locations": "list",
        "bucket_columns": "list",
        "compressed": "bool",
        "input_format": "string",
        "location": "string",
        "number_of_buckets": "number",
        "output_format": "string",
        "parameters": "map",
        "stored_as_sub_directories": "bool",
        "columns": {
          "block": {
            "comment": "string",
            "name": "!string",
            "parameters": "map",
            "type": "string"
          }
        },
        "schema_reference": {
          "block": {
            "schema_version_id": "string",
            "schema_version_number": "!number",
            "schema_id": {
              "block": {
                "registry_name": "string",
                "schema_arn": "string",
                "schema_name": "string"
              },
              "max": 1
            }
          },
          "max": 1
        },
        "ser_de_info": {
          "block": {
            "name": "string",
            "parameters": "map",
            "serialization_library": "string"
          },
          "max": 1
        },
        "skewed_info": {
          "block": {
            "skewed_column_names": "list",
            "skewed_column_value_location_maps": "map",
            "skewed_column_values": "list"
          },
          "max": 1
        },
        "sort_columns": {
          "block": {
            "column": "!string",
            "sort_order": "!number"
          }
        }
      },
      "max": 1
    },
    "target_table": {
      "block": {
        "catalog_id": "!string",
        "database_name": "!string",
        "name": "!string",
        "region": "string"
      },
      "max": 1
    }
  },
  "aws_lakeformation_permissions": {
    "catalog_id": "string",
    "catalog_resource": "bool",
    "id": "string",
    "permissions": "!set",
    "permissions_with_grant_option": "set",
    "principal": "!string",
    "data_cells_filter": {
      "block": {
        "database_name": "!string",
        "name": "!string",
        "table_catalog_id": "!string",
        "table_name": "!string"
      },
      "max": 1
    },
    "data_location": {
      "block": {
        "arn": "!string",
        "catalog_id": "string"
      },
      "max": 1
    },
    "database": {
      "block": {
        "catalog_id": "string",
        "name": "!string"
      },
      "max": 1
    },
    "lf_tag": {
      "block": {
        "catalog_id": "string",
        "key": "!string",
        "values": "!set"
      },
      "max": 1
    },
    "lf_tag_policy": {
      "block": {
        "catalog_id": "string",
        "resource_type": "!string",
        "expression": {
          "block": {
            "key": "!string",
            "values": "!set"
          },
          "min": 1
        }
      },
      "max": 1
    },
    "table": {
      "block": {
        "catalog_id": "string",
        "database_name": "!string",
        "name": "string",
        "wildcard": "bool"
      },
      "max": 1
    },
    "table_with_columns": {
      "block": {
        "catalog_id": "string",
        "column_names": "set",
        "database_name": "!string",
        "excluded_column_names": "set",
        "name": "!string",
        "wildcard": "bool"
      },
      "max": 1
    }
  }
};

export const SNOWFLAKE_SCHEMAS: ResourceSchemas = {
  "snowflake_database": {
    "fully_qualified_name": "~string",
    "id": "~string",
    "name": "!string",
    "comment": "string",
    "is_transient": "bool",
    "data_retention_time_in_days": "number",
    "max_data_extension_time_in_days": "number",
    "drop_public_schema_on_creation": "bool",
    "external_volume": "string",
    "catalog": "string",
    "default_ddl_collation": "string",
    "log_level": "string",
    "trace_level": "string",
    "replication": {
      "block": {
        "enable_to_account": {
          "block": {
            "account_identifier": "!string",
            "with_failover": "bool"
          },
          "min": 1
        },
        "ignore_edition_check": "bool"
      },
      "max": 1
    }
  },
  "snowflake_schema": {
    "fully_qualified_name": "~string",
    "id": "~string",
    "name": "!string",
    "database": "!string",
    "comment": "string",
    "is_transient": "string",
    "with_managed_access": "string",
    "data_retention_time_in_days": "number",
    "max_data_extension_time_in_days": "number",
    "default_ddl_collation": "string",
    "log_level": "string",
    "trace_level": "string",
    "pipe_execution_paused": "bool"
  },
  "snowflake_warehouse": {
    "fully_qualified_name": "~string",
    "id": "~string",
    "name": "!string",
    "comment": "string",
    "warehouse_type": "string",
    "warehouse_size": "string",
    "max_cluster_count": "number",
    "min_cluster_count": "number",
    "scaling_policy": "string",
    "auto_suspend": "number",
    "auto_resume": "string",
    "initially_suspended": "bool",
    "resource_monitor": "string",
    "enable_query_acceleration": "string",
    "query_acceleration_max_scale_factor": "number",
    "resource_constraint": "string",
    "max_concurrency_level": "number",
    "statement_queued_timeout_in_seconds": "number",
    "statement_timeout_in_seconds": "number"
  },
  "snowflake_account_role": {
    "fully_qualified_name": "~string",
    "id": "~string",
    "name": "!string",
    "comment": "string"
  },
  "snowflake_grant_account_role": {
    "id": "~string",
    "role_name": "!string",
    "parent_role_name": "string",
    "user_name": "string"
  },
  "snowflake_grant_privileges_to_account_role": {
    "id": "~string",
    "account_role_name": "!string",
    "privileges": "set",
    "all_privileges": "bool",
    "always_apply": "bool",
    "always_apply_trigger": "string",
    "on_account": "bool",
    "with_grant_option": "bool",
    "strict_privilege_management": "bool",
    "on_account_object": {
      "block": {
        "object_type": "string",
        "object_name": "string",
        "inherited": {
          "block": {
            "object_type_plural": "!string"
          },
          "max": 1
        }
      },
      "max": 1
    },
    "on_schema": {
      "block": {
        "schema_name": "string",
        "all_schemas_in_database": "string",
        "future_schemas_in_database": "string",
        "inherited": {
          "block": {
            "in_account": "bool",
            "in_database": "string"
          },
          "max": 1
        }
      },
      "max": 1
    },
    "on_schema_object": {
      "block": {
        "object_type": "string",
        "object_name": "string",
        "all": {
          "block": {
            "object_type_plural": "!string",
            "in_database": "string",
            "in_schema": "string"
          },
          "max": 1
        },
        "future": {
          "block": {
            "object_type_plural": "!string",
            "in_database": "string",
            "in_schema": "string"
          },
          "max": 1
        },
        "inherited": {
          "block": {
            "object_type_plural": "!string",
            "in_account": "bool",
            "in_database": "string",
            "in_schema": "string"
          },
          "max": 1
        }
      },
      "max": 1
    }
  },
  "snowflake_tag": {
    "fully_qualified_name": "~string",
    "id": "~string",
    "name": "!string",
    "database": "!string",
    "schema": "!string",
    "comment": "string",
    "allowed_values": "set",
    "masking_policies": "set",
    "propagate": "string",
    "no_allowed_values": "bool",
    "on_conflict": {
      "block": {
        "allowed_values_sequence": "bool",
        "custom_value": "string"
      },
      "max": 1
    }
  },
  "snowflake_tag_association": {
    "id": "~string",
    "object_identifiers": "!set",
    "object_type": "!string",
    "tag_id": "!string",
    "tag_value": "!string",
    "skip_validation": "bool"
  },
  "snowflake_masking_policy": {
    "fully_qualified_name": "~string",
    "id": "~string",
    "name": "!string",
    "database": "!string",
    "schema": "!string",
    "body": "!string",
    "return_data_type": "!string",
    "comment": "string",
    "exempt_other_policies": "string",
    "argument": {
      "block": {
        "name": "!string",
        "type": "!string"
      },
      "min": 1
    }
  },
  "snowflake_table": {
    "fully_qualified_name": "~string",
    "id": "~string",
    "name": "!string",
    "database": "!string",
    "schema": "!string",
    "comment": "string",
    "change_tracking": "bool",
    "cluster_by": "list",
    "data_retention_time_in_days": "number",
    "column": {
      "block": {
        "name": "!string",
        "type": "!string",
        "collate": "string",
        "comment": "string",
        "masking_policy": "string",
        "nullable": "bool",
        "default": {
          "block": {
            "constant": "string",
            "expression": "string",
            "sequence": "string"
          },
          "max": 1
        },
        "identity": {
          "block": {
            "start_num": "number",
            "step_num": "number"
          },
          "max": 1
        }
      },
      "min": 1
    }
  }
};

export const GOOGLE_SCHEMAS: ResourceSchemas = {
  "google_bigquery_dataset": {
    "id": "~string",
    "self_link": "~string",
    "etag": "~string",
    "effective_labels": "~map",
    "terraform_labels": "~map",
    "dataset_id": "!string",
    "project": "string",
    "description": "string",
    "friendly_name": "string",
    "location": "string",
    "labels": "map",
    "resource_tags": "map",
    "default_table_expiration_ms": "number",
    "default_partition_expiration_ms": "number",
    "delete_contents_on_destroy": "bool",
    "is_case_insensitive": "bool",
    "default_collation": "string",
    "max_time_travel_hours": "string",
    "storage_billing_model": "string",
    "access": {
      "block": {
        "role": "string",
        "user_by_email": "string",
        "group_by_email": "string",
        "domain": "string",
        "special_group": "string",
        "iam_member": "string"
      }
    },
    "default_encryption_configuration": {
      "block": {
        "kms_key_name": "!string"
      },
      "max": 1
    }
  },
  "google_bigquery_table": {
    "id": "~string",
    "self_link": "~string",
    "etag": "~string",
    "effective_labels": "~map",
    "terraform_labels": "~map",
    "dataset_id": "!string",
    "table_id": "!string",
    "project": "string",
    "description": "string",
    "friendly_name": "string",
    "labels": "map",
    "resource_tags": "map",
    "schema": "string",
    "deletion_protection": "bool",
    "clustering": "list",
    "expiration_time": "number",
    "require_partition_filter": "bool",
    "max_staleness": "string",
    "time_partitioning": {
      "block": {
        "type": "!string",
        "field": "string",
        "expiration_ms": "number"
      },
      "max": 1
    },
    "encryption_configuration": {
      "block": {
        "kms_key_name": "!string"
      },
      "max": 1
    }
  },
  "google_bigquery_dataset_iam_member": {
    "id": "~string",
    "etag": "~string",
    "dataset_id": "!string",
    "role": "!string",
    "member": "!string",
    "project": "string",
    "condition": {
      "block": {
        "expression": "!string",
        "title": "!string",
        "description": "string"
      },
      "max": 1
    }
  },
  "google_bigquery_table_iam_member": {
    "id": "~string",
    "etag": "~string",
    "dataset_id": "!string",
    "table_id": "!string",
    "role": "!string",
    "member": "!string",
    "project": "string",
    "condition": {
      "block": {
        "expression": "!string",
        "title": "!string",
        "description": "string"
      },
      "max": 1
    }
  },
  "google_service_account": {
    "id": "~string",
    "email": "~string",
    "member": "~string",
    "name": "~string",
    "unique_id": "~string",
    "account_id": "!string",
    "display_name": "string",
    "description": "string",
    "project": "string",
    "disabled": "bool",
    "create_ignore_already_exists": "bool"
  }
};

/** Provider configuration arguments meshkit may set (a subset of each provider's). */
export const PROVIDER_SCHEMAS: ResourceSchemas = {
  "aws": {
    "region": "string",
    "allowed_account_ids": "set",
    "forbidden_account_ids": "set",
    "profile": "string",
    "access_key": "string",
    "secret_key": "string",
    "skip_credentials_validation": "bool",
    "skip_requesting_account_id": "bool",
    "skip_metadata_api_check": "string",
    "default_tags": {
      "block": {
        "tags": "map"
      }
    },
    "assume_role": {
      "block": {
        "role_arn": "string",
        "session_name": "string",
        "external_id": "string"
      }
    }
  },
  "snowflake": {
    "organization_name": "string",
    "account_name": "string",
    "user": "string",
    "role": "string",
    "warehouse": "string",
    "authenticator": "string",
    "private_key": "string",
    "preview_features_enabled": "set",
    "experimental_features_enabled": "set",
    "experimental_features_disabled": "set"
  },
  "google": {
    "project": "string",
    "region": "string",
    "zone": "string",
    "credentials": "string",
    "default_labels": "map",
    "impersonate_service_account": "string"
  }
};
