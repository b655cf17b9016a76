/**
 * Writes licenses.txt into every bundle folder (BUNDLE_DIRS): one entry per package whose code
 * the bundle holds, with its name, version, license id and license text. The packages come from
 * the bundle's source maps (`*.js.map`, `sources` under node_modules/), so lazily loaded chunks
 * and ESM-only packages, which ncc's own `--license` output leaves out, are listed too. The
 * output is sorted, so a fresh build writes the same bytes. `npm run build` runs it last,
 * replacing the licenses.txt that ncc wrote.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BUNDLE_DIRS } from './source-hash.ts'

const ROOT = fileURLToPath(new URL('../', import.meta.url))

const LICENSES_FILE = 'licenses.txt'

/** The package folder a bundled module came from (the innermost node_modules/<name>), relative to the root. */
const PACKAGE_DIR = /(node_modules\/(?:.*\/node_modules\/)?(?:@[^/]+\/)?[^/@][^/]*)\//

const LICENSE_FILE = /^(?:licen[cs]e|copying)(?:[.-].*)?$/i

interface BundledPackage {
  name: string
  version: string
  license: string
  text: string
}

/** The package folders (`node_modules/…`) whose modules the source maps of `dir` name, sorted. */
function bundledPackageDirs(dir: string): string[] {
  const maps = readdirSync(dir)
    .filter(name => name.endsWith('.js.map'))
    .sort()
  if (maps.length === 0)
    throw new Error(`licenses: ${dir} holds no source maps; build it with ncc's --source-map so its packages can be listed.`)
  const dirs = new Set<string>()
  for (const file of maps) {
    const { sources } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { sources: string[] }
    for (const source of sources) {
      const match = PACKAGE_DIR.exec(source.replaceAll('\\', '/'))
      if (match) dirs.add(match[1])
    }
  }
  return [...dirs].sort()
}

function readPackage(packageDir: string, bundle: string): BundledPackage {
  const dir = join(ROOT, packageDir)
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    name: string
    version: string
    license?: unknown
  }
  const files = readdirSync(dir)
    .filter(name => LICENSE_FILE.test(name))
    .sort()
  const license = typeof manifest.license === 'string' ? manifest.license : undefined
  if (!license || files.length === 0) {
    throw new Error(
      `licenses: ${manifest.name}@${manifest.version} (${packageDir}) is in ${bundle}/ but has ${license ? 'no license file' : 'no SPDX license id in its package.json'}; ` +
        'its notice cannot be written. Find its terms in its repository and extend scripts/licenses.ts to include them, or drop the dependency.'
    )
  }
  const text = files
    .map(file =>
      readFileSync(join(dir, file), 'utf8')
        .replace(/\r\n?/g, '\n')
        .replace(/[ \t]+$/gm, '')
        .trim()
    )
    .join('\n\n')
  return { name: manifest.name, version: manifest.version, license, text }
}

/** The packages in bundle folder `bundle` (relative to the repository), by name then version, each once. */
function bundledPackages(bundle: string): BundledPackage[] {
  const unique = new Map<string, BundledPackage>()
  for (const packageDir of bundledPackageDirs(join(ROOT, bundle))) {
    const found = readPackage(packageDir, bundle)
    unique.set(`${found.name}@${found.version}`, found)
  }
  return [...unique.values()].sort((a, b) => (a.name === b.name ? compare(a.version, b.version) : compare(a.name, b.name)))
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

const RULE = '-'.repeat(72)

function licensesText(bundle: string): string {
  const packages = bundledPackages(bundle)
  const header =
    `The ${packages.length} third-party packages whose code is in ${bundle}/ (from its source maps), ` +
    "each with its version, license and license text. meta-token-keeper's own code is under the MIT license in LICENSE."
  return [header, ...packages.map(p => `${RULE}\n${p.name}@${p.version}\nLicense: ${p.license}\n\n${p.text}`)].join('\n\n') + '\n'
}

if (import.meta.main) {
  for (const bundle of BUNDLE_DIRS) writeFileSync(join(ROOT, bundle, LICENSES_FILE), licensesText(bundle))
}
