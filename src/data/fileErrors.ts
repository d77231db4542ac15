/** Reasons for failing to open a file, by errno code, worded for a user (CLI inputs and data files). */
const FAILURES: Readonly<Record<string, string>> = {
  ENOENT: "file not found",
  EISDIR: "is a directory, not a file",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ENOTDIR: "file not found (a parent is not a directory)",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "file name too long",
};

/** One-line reason for an fs error, for messages of the form `${file}: ${reason}`. */
export function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return (code !== undefined ? FAILURES[code] : undefined) ?? `cannot read file (${code ?? String(error)})`;
}
