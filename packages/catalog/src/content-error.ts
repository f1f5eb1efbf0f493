import { UsageError } from "@meshkit/core";

/**
 * What a product says cannot be put into the target (a name it cannot hold, a name another product already
 * holds there): a `catalog-product-invalid` finding on that product, and the other products are still
 * published. A failure of the target itself (unreachable, refusing) stays a failed delivery (exit 2).
 */
export class CatalogContentError extends UsageError {
  /** `path`: the JSON pointer of the product's field that cannot be put there (`/domain`), as findings have it; "" for the whole product. */
  constructor(
    message: string,
    readonly path = "",
  ) {
    super(message);
  }
}
