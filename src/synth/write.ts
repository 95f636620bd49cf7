/**
 * Atomic output: everything is written to a temporary directory next to the target and swapped in
 * only when every environment has been rendered, so a failed run leaves the output exactly as it was.
 */
import * as fs from 'fs';
import * as path from 'path';

function writeTree(dir: string, files: ReadonlyMap<string, string>): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, content] of files) fs.writeFileSync(path.join(dir, name), content);
}

/** Replaces `target` with a directory holding `tree` (sub-directory, '' for the top -> file name -> content). */
export function replaceDirectory(target: string, tree: ReadonlyMap<string, ReadonlyMap<string, string>>): void {
  const parent = path.dirname(path.resolve(target));
  fs.mkdirSync(parent, { recursive: true });
  const base = path.basename(target);
  const staging = fs.mkdtempSync(path.join(parent, `.${base}-new-`));
  fs.chmodSync(staging, 0o755); // mkdtemp makes 0700; the output is an ordinary directory
  try {
    for (const [sub, files] of tree) writeTree(path.join(staging, sub), files);
    swap(staging, target);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}

/** Moves `staging` into place at `target`, removing what was there. */
function swap(staging: string, target: string): void {
  const old = fs.existsSync(target) ? `${staging}-old` : undefined;
  if (old) fs.renameSync(target, old);
  try {
    fs.renameSync(staging, target);
  } catch (e) {
    if (old) fs.renameSync(old, target);
    throw e;
  }
  if (old) fs.rmSync(old, { recursive: true, force: true });
}
