/** The system user edges: POST /{system-user-id}/access_tokens and /{system-user-id}/applications. */
import { authenticate } from './auth.ts'
import { GraphFailure, unsupported } from './errors.ts'
import { FRESH_TOKEN_SECONDS } from './state.ts'
import type { GraphState } from './state.ts'
import type { FakeApp } from './types.ts'

/** System-user permissions listed in the reference (Call 4). */
const SYSTEM_USER_SCOPES = new Set([
  'ads_management',
  'ads_read',
  'attribution_read',
  'business_management',
  'catalog_management',
  'commerce_account_manage_orders',
  'commerce_account_read_orders',
  'commerce_account_read_settings',
  'instagram_basic',
  'instagram_branded_content_ads_brand',
  'instagram_branded_content_brand',
  'instagram_content_publish',
  'instagram_manage_comments',
  'instagram_manage_insights',
  'instagram_manage_messages',
  'instagram_shopping_tag_products',
  'leads_retrieval',
  'page_events',
  'pages_manage_ads',
  'pages_manage_cta',
  'pages_manage_engagement',
  'pages_manage_instant_articles',
  'pages_manage_metadata',
  'pages_manage_posts',
  'pages_messaging',
  'pages_read_engagement',
  'pages_read_user_content',
  'pages_show_list',
  'private_computation_access',
  'publish_video',
  'read_audience_network_insights',
  'read_insights',
  'read_page_mailboxes',
  'whatsapp_business_management',
  'whatsapp_business_messaging',
  // Documented for system users since (issue 20, December 2026).
  'whatsapp_business_manage_events',
])

/**
 * The permissions Meta gates by a capability, listed beside that table (Call 4): valid only for an
 * app granted the capability (FakeApp.capabilityPermissions). The error for an app without it is [U].
 */
const CAPABILITY_GATED_SCOPES = new Set([
  'business_creative_management',
  'business_creative_insights',
  'business_creative_insights_share',
  'business_data_management',
  'commerce_manage_accounts',
  'commerce_account_read_reports',
])

/** POST /{system-user-id}/access_tokens (Call 4). Always needs appsecret_proof. */
export function generateToken(state: GraphState, systemUserId: string, params: Record<string, string>): unknown {
  const caller = authenticate(state, params, { allowAppToken: false, proofAlwaysRequired: true })
  const su = state.systemUsers.get(systemUserId)
  if (!su) throw unsupported('POST', systemUserId)
  const app = businessApp(state, params)
  if (!su.installedApps.has(app.id)) {
    throw new GraphFailure(
      200,
      `(#200) Permissions error: app ${app.id} is not installed for system user ${su.id}; install it with POST /${su.id}/applications first`
    )
  }
  if (caller.app.id !== app.id) {
    throw new GraphFailure(
      200,
      `(#200) Permissions error: the access token was issued for app ${caller.app.id}, not for business_app ${app.id}`
    )
  }
  const scopes = parseScopes(params.scope, app)
  const expiring = params.set_token_expires_in_60_days === 'true'
  if (!expiring && state.options.businessRequiresExpiringTokens) {
    // [U] code and message: Meta says only that it "results in an error" (Call 4).
    throw new GraphFailure(
      100,
      '(#100) This business requires expiring system user access tokens: set set_token_expires_in_60_days to true'
    )
  }
  const token = state.createToken({
    appId: app.id,
    type: 'SYSTEM_USER',
    userId: su.id,
    scopes,
    expiresInSeconds: expiring ? FRESH_TOKEN_SECONDS : 0,
  })
  return { access_token: token.value }
}

/** POST /{system-user-id}/applications (Call 5). Idempotent. */
export function installApp(state: GraphState, systemUserId: string, params: Record<string, string>): unknown {
  authenticate(state, params, { allowAppToken: false })
  const su = state.systemUsers.get(systemUserId)
  if (!su) throw unsupported('POST', systemUserId)
  su.installedApps.add(businessApp(state, params).id)
  return { success: true }
}

function businessApp(state: GraphState, params: Record<string, string>): FakeApp {
  if (!params.business_app) throw new GraphFailure(100, '(#100) The parameter business_app is required')
  const app = state.apps.get(params.business_app)
  if (!app) throw new GraphFailure(100, `(#100) Param business_app must be a valid app ID; ${params.business_app} is not`)
  return app
}

function parseScopes(scope: string | undefined, app: FakeApp): string[] {
  const scopes = (scope ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(s => s !== '')
  if (scopes.length === 0) throw new GraphFailure(3962, '(#3962) Provided permission is not valid: scope is empty')
  const unknown = scopes.filter(s => !SYSTEM_USER_SCOPES.has(s) && !(CAPABILITY_GATED_SCOPES.has(s) && app.capabilityPermissions.has(s)))
  if (unknown.length > 0) throw new GraphFailure(3962, `(#3962) Provided permission is not valid: ${unknown.join(', ')}`)
  return scopes
}
