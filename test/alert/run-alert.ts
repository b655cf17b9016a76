/**
 * Runs the alert bundle (alert/dist/index.js) the way the runner does: a Node 24 child process
 * with every input as INPUT_<NAME> (alert/action.yml's defaults filled in), GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY and the run's context variables.
 */
import { join } from 'node:path'
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
