/**
 * Whether a committed bundle was built from the sources in the working tree, so that a test of
 * dist/ never passes on code that src/ no longer holds.
 *
 * The build records a hash of its inputs in the bundle (scripts/source-hash.ts); this compares
 * it with the same hash of the working tree: a few milliseconds per test process. Building into
 * a temporary directory and comparing with dist/ would cost 10–25 s per test process, and is not
 * reliable either: ncc's module ids and chunk names come from the resolved paths of the modules,
 * so a checkout whose node_modules is a symlink builds different bytes from the same sources.
 * What the hash cannot see, a hand-edited dist/ or a node_modules that differs from the
 * lockfile, CI's job "dist/ matches a fresh build" catches.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { HASH_FILE, sourceHash } from '../../scripts/source-hash.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

let currentHash: string | undefined

/** Throws unless the bundle directory `dir` (dist/, alert/dist/) matches the sources. */
export function assertBundleFresh(dir: string): void {
  const name = `${relative(ROOT, dir).split('\\').join('/')}/`
  const file = join(dir, HASH_FILE)
  currentHash ??= sourceHash(ROOT)
  const recorded = existsSync(file) ? readFileSync(file, 'utf8').trim() : 'none'
  if (recorded !== currentHash) {
    throw new Error(
      `${name} is stale: run \`npm run build\` and commit ${name} (${name}${HASH_FILE} records ${recorded}, the sources hash to ${currentHash}; see scripts/source-hash.ts)`
    )
  }
}
