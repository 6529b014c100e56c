/**
 * Files larger than this are not read: no one writes a provisioning file, role or template that
 * size by hand. One cap for the CLI, the workspace scan, open documents and referenced files.
 */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
