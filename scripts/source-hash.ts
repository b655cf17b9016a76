/**
 * The fingerprint of what `npm run build` compiles: a SHA-256 of every source file under src/,
 * package-lock.json (ncc, TypeScript and every bundled dependency), tsconfig.json and
 * package.json's `type` and `build` script. The build ends by writing it to dist/, alert/dist/ and plan/dist/
 * (source-hash.txt); the tests that run a bundle compare it with the working tree
 * (test/helpers/bundle-freshness.ts) and fail when dist/ was built from other sources.
 *
 * Comments in src/ are left out of the hash (TypeScript's printer drops them; the build and the
 * tests both run after `npm ci`, so the dev dependency is there): a comment-only edit changes
 * nothing a bundle does, so it must not fail every test that runs one. The bundle still carries
 * the comments, so .ci/run's "dist matches a fresh build" reports the stale dist/ once.
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const ROOT = fileURLToPath(new URL('../', import.meta.url))

export const HASH_FILE = 'source-hash.txt'
export const BUNDLE_DIRS = ['dist', 'alert/dist', 'plan/dist']

/** What ncc can bundle; editor backups and .DS_Store files would make the hash machine-specific. */
const SOURCE_FILE = /\.(?:[cm]?ts|[cm]?js|json)$/

export function sourceHash(root = ROOT): string {
  const sources = readdirSync(join(root, 'src'), { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile() && SOURCE_FILE.test(entry.name))
    .map(entry => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort()
  const hash = createHash('sha256')
  for (const file of [...sources, 'package-lock.json', 'tsconfig.json'])
    hash
      .update(`${file}\0`)
      .update(/\.[cm]?[jt]s$/.test(file) ? withoutComments(readFileSync(join(root, file), 'utf8')) : readFileSync(join(root, file)))
      .update('\0')
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { type?: string; scripts?: Record<string, string> }
  hash.update(`package.json\0${JSON.stringify({ type: pkg.type, build: pkg.scripts?.build })}`)
  return hash.digest('hex')
}

/**
 * The source as TypeScript's printer writes it with comments removed: parsed, so text that only
 * looks like a comment (inside a string, a template or a regular expression) is kept.
 */
export function withoutComments(source: string): string {
  const file = ts.createSourceFile('source.ts', source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS)
  return ts.createPrinter({ removeComments: true }).printFile(file)
}

if (import.meta.main) {
  const hash = sourceHash()
  for (const dir of BUNDLE_DIRS) writeFileSync(join(ROOT, dir, HASH_FILE), `${hash}\n`)
}
