/**
 * The fingerprint of what `npm run build` compiles: a SHA-256 of every source file under src/,
 * package-lock.json (ncc, TypeScript and every bundled dependency), tsconfig.json and
 * package.json's `type` and `build` script. The build ends by writing it to dist/, alert/dist/ and plan/dist/
 * (source-hash.txt); the tests that run a bundle compare it with the working tree
 * (test/helpers/bundle-freshness.ts) and fail when dist/ was built from other sources.
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

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
      .update(readFileSync(join(root, file)))
      .update('\0')
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { type?: string; scripts?: Record<string, string> }
  hash.update(`package.json\0${JSON.stringify({ type: pkg.type, build: pkg.scripts?.build })}`)
  return hash.digest('hex')
}

if (import.meta.main) {
  const hash = sourceHash()
  for (const dir of BUNDLE_DIRS) writeFileSync(join(ROOT, dir, HASH_FILE), `${hash}\n`)
}
