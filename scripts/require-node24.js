// npm runs scripts with node_modules/.bin first on PATH, so `node` is the Node 24 from the
// `node` dev dependency. `npm ci --ignore-scripts` skips its install and npm silently falls
// back to the machine's Node; the bundle and the tests need Node 24, so stop here instead.
const major = Number(process.versions.node.split('.')[0])
if (major < 24) {
  console.error(
    `Node ${process.versions.node} is running, but this project needs Node 24 or newer. ` +
      'Run `npm ci` (without --ignore-scripts) so the `node` dev dependency installs Node 24.'
  )
  process.exit(1)
}
