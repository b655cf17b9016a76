/**
 * Runs the alert bundle (alert/dist/index.js) the way the runner does: a Node 24 child process
 * with every input as INPUT_<NAME> (alert/action.yml's defaults filled in), GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY and the run's context variables.
 */
import { join } from 'node:path'
import { afterEach, beforeEach } from 'node:test'
import { FakeIssues } from '../fakes/github-issues.ts'
import { type ActionRun, readActionMetadata, ROOT, runJavaScriptAction } from '../helpers/run-action.ts'

export const ALERT_BUNDLE = join(ROOT, 'alert', 'dist', 'index.js')
export const alertMetadata = readActionMetadata(join(ROOT, 'alert', 'action.yml'))

export type AlertRun = ActionRun

export function runAlert(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<AlertRun> {
  return runJavaScriptAction(ALERT_BUNDLE, alertMetadata, inputs, {
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_WORKFLOW: 'Rotate Meta token',
    ...env,
  })
}

export function describeAlertRun(run: AlertRun): string {
  return `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`
}

/** Where every alert test's failure links to (GITHUB_RUN_ID above). */
export const RUN_PAGE = 'https://github.com/octo-org/app/actions/runs/4242'
/** The label the alert finds its issue by. */
export const LABEL = 'meta-token-keeper'

/** The fake issues API of `octo-org/app` that `useFakeIssues` starts before each test. */
export let fake: FakeIssues
/** A token of `fake` allowed to write issues. */
export let token: string

/** Starts `fake` (and `token`) before each test of the calling file, and stops it after. */
export function useFakeIssues(): void {
  beforeEach(async () => {
    fake = await FakeIssues.start('octo-org/app')
    token = fake.addToken('write')
  })
  afterEach(() => fake.close())
}

/** The alert for the secret META_ACCESS_TOKEN against `fake`, with `inputs` on top. */
export function alert(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<AlertRun> {
  return runAlert(
    { 'github-token': token, 'secret-name': 'META_ACCESS_TOKEN', 'min-days-remaining': '14', ...inputs },
    { GITHUB_API_URL: fake.url, ...env }
  )
}

/** The outputs of a rotation that failed with the token still valid, and of a healthy one. */
export const failedRotation = {
  operation: 'rotate',
  outcome: 'failure',
  'failed-step': 'action',
  'days-remaining': '20',
  'expires-at': '2027-01-21T10:00:00Z',
  'is-valid': 'true',
  rotated: 'false',
}
export const healthyRotation = {
  operation: 'rotate',
  outcome: 'success',
  'days-remaining': '59',
  'expires-at': '2027-03-01T10:00:00Z',
  'is-valid': 'true',
  rotated: 'true',
}
