/**
 * Permissions a system user token can be generated with (`scope` of `generate`).
 * Source: Meta, "Install Apps, Generate, Refresh, and Revoke Tokens" (the list of supported
 * scopes for system users),
 * https://developers.facebook.com/docs/business-management-apis/system-users/install-apps-and-generate-tokens.
 * Meta lists further
 * capability-gated permissions beside it; they are in the second list. Extend here.
 */
export const SYSTEM_USER_SCOPES: readonly string[] = [
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
]

/** Capability-gated permissions: valid only for apps that Meta has granted the capability. */
export const CAPABILITY_GATED_SCOPES: readonly string[] = [
  'whatsapp_business_manage_events',
  'instagram_manage_events',
  'manage_app_solution',
  'threads_business_basic',
]

const KNOWN = new Set([...SYSTEM_USER_SCOPES, ...CAPABILITY_GATED_SCOPES])

export function isSupportedScope(scope: string): boolean {
  return KNOWN.has(scope)
}
