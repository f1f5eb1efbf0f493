/**
 * A sample-data file given where a contract or product is expected (`meshkit test data/orders.csv`): a
 * newcomer told to "pass a data file" names it as a path, and it is then read as YAML. The finding says
 * where data goes instead of only that the file is no contract.
 */
const DATA_FILE = /\.(?:csv|tsv|jsonl|ndjson)(?:\.(?:gz|zst))?$/i;

/** The sentence to add to a not-a-document finding of `file`; "" when its name is not a data file's. */
export function dataFileHint(file: string): string {
  return DATA_FILE.test(file) ? " It is named like sample data: meshkit test reads data with --data <file|folder> (or from the contract's server), not as a path." : "";
}
