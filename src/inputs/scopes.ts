/**
 * Every permission `generate` accepts in `scope`, and where Meta lists it: Meta's page "Install
 * Apps, Generate, Refresh, and Revoke Tokens"
 * (https://developers.facebook.com/docs/business-management-apis/system-users/install-apps-and-generate-tokens)
 * lists the permissions system users support, and beside them, as a "Capability | Permission"
 * table, the permissions Meta gates by a capability (valid only for an app Meta granted it).
 * Extend here, with the list the page puts it in. A permission missing here is still asked for
 * (with a warning): Meta adds permissions faster than a release, and its answer (code 3962 for an
 * invalid one) decides.
 */
export const SCOPES: Readonly<Record<string, 'system users' | 'capability-gated'>> = {
  ads_management: 'system users',
  ads_read: 'system users',
  attribution_read: 'system users',
  business_management: 'system users',
  catalog_management: 'system users',
  commerce_account_manage_orders: 'system users',
  commerce_account_read_orders: 'system users',
  commerce_account_read_settings: 'system users',
  instagram_basic: 'system users',
  instagram_branded_content_ads_brand: 'system users',
  instagram_branded_content_brand: 'system users',
  instagram_content_publish: 'system users',
  instagram_manage_comments: 'system users',
  instagram_manage_insights: 'system users',
  instagram_manage_messages: 'system users',
  instagram_shopping_tag_products: 'system users',
  leads_retrieval: 'system users',
  page_events: 'system users',
  pages_manage_ads: 'system users',
  pages_manage_cta: 'system users',
  pages_manage_engagement: 'system users',
  pages_manage_instant_articles: 'system users',
  pages_manage_metadata: 'system users',
  pages_manage_posts: 'system users',
  pages_messaging: 'system users',
  pages_read_engagement: 'system users',
  pages_read_user_content: 'system users',
  pages_show_list: 'system users',
  private_computation_access: 'system users',
  publish_video: 'system users',
  read_audience_network_insights: 'system users',
  read_insights: 'system users',
  read_page_mailboxes: 'system users',
  whatsapp_business_management: 'system users',
  whatsapp_business_messaging: 'system users',
  // Listed for system users since graph-api.md's copy of the page (issue 20, December 2026).
  whatsapp_business_manage_events: 'system users',
  business_creative_management: 'capability-gated',
  business_creative_insights: 'capability-gated',
  business_creative_insights_share: 'capability-gated',
  business_data_management: 'capability-gated',
  commerce_manage_accounts: 'capability-gated',
  commerce_account_read_reports: 'capability-gated',
}

/** What a Meta permission name looks like: lower-case letters, digits and `_`. */
export const PERMISSION_NAME = /^[a-z][a-z0-9_]{0,99}$/

export function isSupportedScope(scope: string): boolean {
  return Object.hasOwn(SCOPES, scope)
}

export function isCapabilityGated(scope: string): boolean {
  return isSupportedScope(scope) && SCOPES[scope] === 'capability-gated'
}
