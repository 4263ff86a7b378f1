/**
 * A map or flag the importer cannot turn into a scenario. The message names the
 * problem (the file, the node, the feature, the flag) and is meant for the user as is;
 * the command prints it and exits with code 2.
 */
export class ImportError extends Error {
  override readonly name = 'ImportError';
}
