import type { CheckRow } from '../../report/report.ts'
import type { ActionError } from '../../runtime/errors.ts'

/** Where the workflow template (workflow-templates/meta-token.yml) sets each input. */
const TEMPLATE_SETTINGS: Record<string, string> = {
  'meta-app-id': 'the variable META_APP_ID',
  'app-secret': 'the secret META_APP_SECRET',
  'access-token': 'the secret META_ACCESS_TOKEN',
  'admin-token': 'the secret META_ADMIN_TOKEN',
  'previous-token': 'the secret META_ACCESS_TOKEN_PREVIOUS',
  'github-token': 'the variable SECRETS_APP_CLIENT_ID and the secret SECRETS_APP_PRIVATE_KEY',
  'system-user-id': "the template's `system-user-id:`",
  scope: "the template's `scope:`",
  'secret-targets': "the template's `secret-targets:`",
  'deploy-workflows': "the template's `deploy-workflows:`",
  'min-days-remaining': "the template's `min-days-remaining:`",
  'required-assets': "the template's `required-assets:`",
}

/** "In the workflow template: …" for an input the template sets, else nothing. */
export function templateSetting(input: string): string {
  const setting = TEMPLATE_SETTINGS[input]
  return setting ? ` (in the workflow template: ${setting})` : ''
}

export function pass(check: string, concerns: string, detail: string): CheckRow {
  return { check, concerns, status: 'pass', detail, fix: undefined }
}

export function warn(check: string, concerns: string, detail: string, fix?: string): CheckRow {
  return { check, concerns, status: 'warn', detail, fix }
}

/** A failed check: `concerns` is the input, target or workflow it is about; `input` names the setting to change. */
export function fail(check: string, concerns: string, detail: string, fix: string | undefined, input = concerns): CheckRow {
  return { check, concerns, status: 'fail', detail, fix: fix && `${fix}${templateSetting(input)}` }
}

export function failFrom(check: string, concerns: string, error: ActionError, input = concerns): CheckRow {
  return fail(check, concerns, error.message, error.fix, input)
}
