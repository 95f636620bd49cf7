/** Paths as the user sees them. */
import * as path from 'path';

/**
 * A path as printed in messages and dist/ headers: relative to the working directory (where the user
 * stands) when it lies below it, so output does not depend on where the checkout lives; otherwise
 * as given, normalized.
 */
export function displayPath(f: string): string {
  const rel = path.relative(process.cwd(), path.resolve(f));
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : path.normalize(f);
}
