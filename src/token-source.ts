import type { TokenSource } from './api.js'
import type { Transport } from './http.js'
import type { Credentials } from './inputs.js'
import type { Log } from './log.js'
import { refreshAccessToken, type AccessToken } from './token.js'
import { describeTarget } from './url.js'

/** `2026-12-03T21:00:00Z`: ISO 8601 UTC to the second. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/**
 * Mints access tokens with the refresh-token grant, for the action and the
 * command line alike. Requests that the API refused at once share one
 * renewal, and a request refused with a token already replaced just takes
 * the new one.
 */
export class RefreshingTokens implements TokenSource {
  private token?: AccessToken
  private renewal?: Promise<AccessToken>

  /**
   * @param onMinted - called with each new token, after it is masked
   */
  constructor(
    private readonly transport: Transport,
    private readonly tokenUrl: URL,
    private readonly credentials: Credentials,
    private readonly log: Log,
    private readonly onMinted: (token: AccessToken) => void = () => undefined
  ) {}

  current(): string {
    return this.token?.accessToken ?? ''
  }

  async renew(rejected: string): Promise<string> {
    if (this.token && this.token.accessToken !== rejected) {
      return this.token.accessToken
    }
    this.renewal ??= this.mint().finally(() => (this.renewal = undefined))
    return (await this.renewal).accessToken
  }

  /**
   * https://developer.spotify.com/documentation/web-api/tutorials/refreshing-tokens
   */
  async mint(): Promise<AccessToken> {
    this.log.info(`Minting an access token at ${describeTarget(this.tokenUrl)}`)
    const token = await refreshAccessToken(
      this.transport,
      this.tokenUrl,
      this.credentials,
      this.log
    )
    this.token = token

    const scope = token.scope ? ` (scope: ${token.scope})` : ''
    this.log.info(
      `Minted a ${token.tokenType} access token that expires at ${isoSeconds(token.expiresAt)}${scope}.`
    )
    this.onMinted(token)
    return token
  }
}
