/**
 * A sample-data file given where a contract or product is expected (`meshkit test data/orders.csv`): a
 * newcomer told to "pass a data file" names it as a path, and it is then read as YAML. The finding says
 * where data goes instead of only that the file is no contract.
 */
const DATA_FILE = /\.(?:csv|tsv|jsonl|ndjson)(?:\.(?:gz|zst))?$/i;

/**
 * The sentence to add to a not-a-document finding of `file`; "" when its name is not a data file's. It names both
 * ways of giving data, the CLI's flag and the action's input: the finding is shown by the commands and the actions
 * alike (lint, test, provision, publish), and a workflow has no --data to pass.
 */
export function dataFileHint(file: string): string {
  return DATA_FILE.test(file)
    ? " It is named like sample data: contract-test reads data from the contract's server, or from a file or folder given apart (`meshkit test --data`, the contract-test action's `data` input), not from the paths."
    : "";
}
