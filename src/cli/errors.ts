/**
 * The command-line tool's own errors, next to the engine's family in
 * `src/errors.ts`. Each has a stable `name`; `run.ts` turns them into exit
 * codes: a `UsageError` is 2, anything else 1.
 */

/** The command line itself is wrong: nothing was sent anywhere. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/** The browser step did not end with an authorization code. */
export class AuthorizeError extends Error {
  override readonly name = 'AuthorizeError'
}

/** `gh secret set` could not store the refresh token. */
export class SecretError extends Error {
  override readonly name = 'SecretError'
}
