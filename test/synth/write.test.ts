/**
 * The output swap re-uses what did not change: a file the previous output holds with the same content
 * is hard-linked into the new tree (src/synth/write.ts writeTree), never one shared with a file
 * outside the output, never one whose content, mode or kind differs.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { replaceDirectory } from '../../src/synth/write';

const tree = (files: Record<string, string>) => new Map([['env', new Map(Object.entries(files))]]);
const ino = (f: string) => fs.statSync(f).ino;

describe('replaceDirectory re-uses unchanged files', () => {
  let out: string;
  beforeEach(() => {
    out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'write-')), 'out');
    replaceDirectory(out, tree({ 'a.yaml': 'a: 1\n', 'b.yaml': 'b: 1\n', 'c.yaml': 'c: 1\n' }));
  });
  const file = (name: string) => path.join(out, 'env', name);

  it('an unchanged file is the same file again; a changed or new one is written', () => {
    const before = { a: ino(file('a.yaml')), b: ino(file('b.yaml')) };
    replaceDirectory(out, tree({ 'a.yaml': 'a: 1\n', 'b.yaml': 'b: 2\n', 'd.yaml': 'd: 1\n' }));
    expect(ino(file('a.yaml'))).toBe(before.a);
    expect(ino(file('b.yaml'))).not.toBe(before.b);
    expect(fs.readFileSync(file('b.yaml'), 'utf8')).toBe('b: 2\n');
    expect(fs.readFileSync(file('d.yaml'), 'utf8')).toBe('d: 1\n');
    expect(fs.existsSync(file('c.yaml'))).toBe(false);
    expect(fs.statSync(file('a.yaml')).nlink).toBe(1); // the previous output is gone
    expect(fs.readdirSync(path.dirname(out)).sort()).toEqual(['out']);
  });

  it("each sub-directory's marker is linked like an unchanged file; one edited or with another mode is written afresh", () => {
    const marker = (dir = 'env') => path.join(out, dir, '.open-webui-k8s-output');
    const before = ino(marker());
    replaceDirectory(out, tree({ 'a.yaml': 'a: 1\n' }));
    expect(ino(marker())).toBe(before);
    expect(fs.statSync(marker()).nlink).toBe(1);
    const text = fs.readFileSync(marker(), 'utf8');
    fs.writeFileSync(marker(), 'edited\n');
    replaceDirectory(out, tree({ 'a.yaml': 'a: 1\n' }));
    expect(ino(marker())).not.toBe(before);
    expect(fs.readFileSync(marker(), 'utf8')).toBe(text);
    const again = ino(marker());
    fs.chmodSync(marker(), 0o600);
    replaceDirectory(out, tree({ 'a.yaml': 'a: 1\n' }));
    expect(ino(marker())).not.toBe(again);
    expect(fs.statSync(marker()).mode & 0o777).toBe(fs.statSync(marker('.')).mode & 0o777);
  });

  it('a file also linked from elsewhere is written afresh (the output never shares an inode with it)', () => {
    const elsewhere = path.join(path.dirname(out), 'mine.yaml');
    fs.linkSync(file('a.yaml'), elsewhere);
    replaceDirectory(out, tree({ 'a.yaml': 'a: 1\n' }));
    expect(ino(file('a.yaml'))).not.toBe(ino(elsewhere));
    fs.writeFileSync(elsewhere, 'edited\n');
    expect(fs.readFileSync(file('a.yaml'), 'utf8')).toBe('a: 1\n');
  });

  it('a file with another mode, or a symbolic link with the same content, is written afresh', () => {
    fs.chmodSync(file('a.yaml'), 0o600);
    const target = path.join(path.dirname(out), 'target.yaml');
    fs.writeFileSync(target, 'b: 1\n');
    fs.rmSync(file('b.yaml'));
    fs.symlinkSync(target, file('b.yaml'));
    replaceDirectory(out, tree({ 'a.yaml': 'a: 1\n', 'b.yaml': 'b: 1\n' }));
    expect(fs.statSync(file('a.yaml')).mode & 0o777).toBe(fs.statSync(file('.open-webui-k8s-output')).mode & 0o777);
    expect(fs.lstatSync(file('b.yaml')).isFile()).toBe(true);
    expect(ino(file('b.yaml'))).not.toBe(ino(target));
  });
});
