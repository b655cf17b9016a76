/**
 * The Meta app's credentials as a message names them when it asks the user to fix one: the
 * action's input (its contract, what a plain step sets) and the name the templates give it
 * (meta-token.yml sets the variable META_APP_ID and reads the secret META_APP_SECRET from the
 * environment meta-token-keeper), so a template user knows what to change.
 */
export const APP_ID_SETTING = '`meta-app-id` (the variable META_APP_ID in the templates)'
export const APP_SECRET_SETTING = '`app-secret` (the secret META_APP_SECRET in the templates)'
