/**
 * The common cases a person reads (issue 29, item 5): the job summary of each, and the alert
 * issue it opens, built by the real code from real runs against the fakes. test/e2e/reader-view
 * checks them as rendered; `node test/helpers/dump-reader-cases.ts DIR` writes them out to look at.
 */
import { judge, type RunFacts } from '../../src/alert/decide.ts'
import { parseAlertConfig } from '../../src/alert/inputs.ts'
import { issueBody, issueTitle, type RunContext } from '../../src/alert/text.ts'
import { expiryText } from '../../src/alert/decide.ts'
import type { ActionRun } from './run-action.ts'
import { DAY, World } from './world.ts'

export interface ReaderCase {
  name: string
  run: ActionRun
  summary: string
  /** The alert issue the run opens (title and body), when it opens one. */
  issue?: { title: string; body: string }
}

const SECRET = 'META_ACCESS_TOKEN'
const DEPLOY = 'octo-org/site/.github/workflows/deploy.yml@main'
const FAST = { META_TOKEN_KEEPER_DEPLOY_POLL_MS: '20' }

/** The alert's view of a finished run, as the reusable workflow passes the action's outputs to it. */
export function alertFacts(operation: string, run: ActionRun, extra: Record<string, string> = {}): RunFacts {
  const inputs: Record<string, string> = {
    'github-token': 'fake-gh-alert-token-for-tests',
    repository: 'octo-org/app',
    operation,
    outcome: run.code === 0 ? 'success' : 'failure',
    'failed-step': run.code === 0 ? '' : 'action',
    'secret-name': SECRET,
    'min-days-remaining': '7',
    'admin-outcome': '',
    ...run.outputs,
    ...extra,
  }
  return parseAlertConfig(name => inputs[name] ?? '', {}).facts
}

function issueOf(facts: RunFacts): ReaderCase['issue'] {
  const verdict = judge(facts)
  if (verdict.kind !== 'problem') return undefined
  const ctx: RunContext = {
    repository: 'octo-org/app',
    operation: facts.operation,
    secretName: facts.secretName,
    workflow: 'Meta token',
    runUrl: 'https://github.com/octo-org/app/actions/runs/4242',
    expiry: expiryText(facts),
    now: '2027-01-05T04:17:00Z',
  }
  return { title: issueTitle(verdict, ctx), body: issueBody(verdict, ctx) }
}

type Scenario = { name: string; operation: string; setup?: (world: World) => void; inputs: (world: World) => Record<string, string> }

const SCENARIOS: Scenario[] = [
  { name: 'healthy check', operation: 'check', inputs: () => ({ operation: 'check' }) },
  {
    name: 'expiring check',
    operation: 'check',
    inputs: world => ({
      operation: 'check',
      'access-token': world.graph.mintToken({
        appId: world.app.id,
        userId: world.systemUserId,
        scopes: ['ads_management'],
        expiresInSeconds: 4 * DAY + 3600,
      }),
    }),
  },
  { name: 'dry run', operation: 'rotate', inputs: () => ({ operation: 'rotate', 'dry-run': 'true', 'secret-targets': 'octo-org/app' }) },
  {
    name: 'rotation with deploys',
    operation: 'rotate',
    setup: world => world.github.addWorkflow('octo-org/site', 'deploy.yml', { readsUntilDone: 1 }),
    inputs: () => ({ operation: 'rotate', 'secret-targets': 'octo-org/app\nocto-org/app:production', 'deploy-workflows': DEPLOY }),
  },
  {
    name: 'failed deploy',
    operation: 'rotate',
    setup: world => world.github.addWorkflow('octo-org/site', 'deploy.yml', { readsUntilDone: 1, conclusion: 'failure' }),
    inputs: () => ({ operation: 'rotate', 'secret-targets': 'octo-org/app', 'deploy-workflows': DEPLOY }),
  },
  {
    name: 'emergency with replacement',
    operation: 'emergency',
    inputs: world => ({
      operation: 'emergency',
      'admin-token': world.adminToken,
      'system-user-id': world.systemUserId,
      scope: 'ads_management,business_management',
      'secret-targets': 'octo-org/app',
    }),
  },
  {
    name: 'emergency without replacement',
    operation: 'emergency',
    inputs: () => ({ operation: 'emergency', 'secret-targets': 'octo-org/app' }),
  },
  { name: 'misspelt input', operation: 'rotate', inputs: () => ({ operation: 'rotate', 'secret-target': 'octo-org/app' }) },
]

export const READER_CASE_NAMES = SCENARIOS.map(scenario => scenario.name)

export async function readerCase(name: string): Promise<ReaderCase> {
  const scenario = SCENARIOS.find(s => s.name === name)!
  const world = await World.start({ daysLeft: 20 })
  try {
    world.github.putSecret('octo-org/app', SECRET, world.oldToken)
    world.github.putSecret('octo-org/app:production', SECRET, world.oldToken)
    scenario.setup?.(world)
    const run = await world.run(scenario.inputs(world), FAST)
    return { name, run, summary: run.summary, issue: issueOf(alertFacts(scenario.operation, run)) }
  } finally {
    await world.close()
  }
}
