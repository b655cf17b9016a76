/**
 * The README's first command: a complete rotation by the bundled action (dist/index.js, run
 * the way the runner runs it) against the project's fake Meta Graph and GitHub servers on
 * loopback. No account needed, works offline. Prints what happened and checks the result.
 */
import { FakeGitHub } from '../test/fakes/github-server.ts'
import { FakeGraph } from '../test/fakes/graph-server.ts'
import { runAction } from '../test/helpers/run-action.ts'

const graph = await FakeGraph.start()
const github = await FakeGitHub.start()
let failed = false
try {
  const app = graph.addApp({ name: 'Demo CAPI app' })
  const systemUser = graph.addSystemUser({ appIdsInstalled: [app.id] })
  // A 60-day system user token issued 53 days ago: 7 days left.
  const oldToken = graph.mintToken({
    appId: app.id,
    userId: systemUser.id,
    scopes: ['ads_management', 'business_management'],
    expiresInSeconds: 7 * 86_400,
  })
  github.addRepo('octo-org/shop', { environments: ['production'] })
  github.putSecret('octo-org/shop', 'META_ACCESS_TOKEN', oldToken)
  github.putSecret('octo-org/shop:production', 'META_ACCESS_TOKEN', oldToken)
  const githubToken = github.addToken()

  console.log(`Fake Meta Graph API: ${graph.url}`)
  console.log(`Fake GitHub API:     ${github.url}`)
  console.log('Running dist/index.js with operation: rotate, targets octo-org/shop and octo-org/shop:production …\n')

  const run = await runAction(
    {
      operation: 'rotate',
      'app-id': app.id,
      'app-secret': app.secret,
      'access-token': oldToken,
      'secret-name': 'META_ACCESS_TOKEN',
      'secret-targets': 'octo-org/shop\nocto-org/shop:production',
      'github-token': githubToken,
      'graph-api-url': graph.url,
    },
    { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'octo-org/shop' }
  )

  const masks = new Set(run.masks)
  const hide = (line: string) => [...masks].reduce((text, mask) => (mask.length >= 6 ? text.split(mask).join('***') : text), line)
  console.log('── Action log (as the runner shows it, masked values as ***) ──')
  for (const line of run.lines) if (line && !line.startsWith('::add-mask::')) console.log(hide(line))
  if (run.stderr.trim()) console.log(hide(run.stderr))
  console.log('\n── Outputs ──')
  for (const [name, value] of Object.entries(run.outputs))
    console.log(`${name.padEnd(16)} ${name === 'token' ? '*** (masked)' : value.replace(/\n/g, ', ')}`)
  console.log('\n── Job summary ──')
  console.log(run.summary)

  const newToken = run.outputs.token
  const stored = ['octo-org/shop', 'octo-org/shop:production'].map(target => github.secret(target, 'META_ACCESS_TOKEN')?.value)
  const checks: Array<[string, boolean]> = [
    ['the action exited with 0', run.code === 0],
    ['a new token was issued', Boolean(newToken) && newToken !== oldToken],
    ['both GitHub secrets decrypt to the new token', stored.every(value => value === newToken)],
    ['Meta confirms the new token is valid', graph.isValid(newToken)],
    ['the old token is revoked at Meta', !graph.isValid(oldToken)],
  ]
  console.log('── Checked against the fake servers ──')
  for (const [what, ok] of checks) {
    console.log(`${ok ? '✔' : '✘'} ${what}`)
    if (!ok) failed = true
  }
} finally {
  await Promise.all([graph.close(), github.close()])
}
process.exitCode = failed ? 1 : 0
