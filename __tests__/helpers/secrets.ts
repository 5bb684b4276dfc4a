/**
 * The one check every end-to-end test makes: no secret reaches the log, the
 * job summary or an error unmasked. For the action, a secret may appear in
 * the log only in the `::add-mask::` command that tells the runner to hide
 * it; for the command-line tool, only on standard output when the command
 * was asked for it.
 */
import { expect } from '@jest/globals'
import type { ActionRun } from '../../fake/runner.js'
import type { FakeSpotify } from '../../fake/spotify.js'

/** What a command-line run printed. */
export interface PrintedRun {
  stdout: string
  stderr: string
}

export interface KnownSecrets {
  clientId: string
  clientSecret: string
  refreshToken: string
  /** Every access and refresh token the fake issued during the test. */
  issued?: string[]
}

/**
 * The secrets of a test against the fake Spotify: its credentials (or the
 * ones a test passed instead) and every token it has issued so far.
 */
export function fakeSecrets(
  spotify: FakeSpotify,
  instead: Partial<KnownSecrets> = {}
): KnownSecrets {
  return {
    clientId: instead.clientId ?? spotify.clientId,
    clientSecret: instead.clientSecret ?? spotify.clientSecret,
    refreshToken: instead.refreshToken ?? spotify.refreshToken,
    issued: [
      ...spotify.issuedAccessTokens,
      ...spotify.issuedRefreshTokens,
      ...(instead.issued ?? [])
    ].filter(Boolean)
  }
}

/** Every form a secret could leak in, the Basic credential included. */
export function secretForms(secrets: KnownSecrets): string[] {
  const basic = Buffer.from(
    `${secrets.clientId}:${secrets.clientSecret}`
  ).toString('base64')
  return [
    secrets.clientSecret,
    secrets.refreshToken,
    basic,
    ...(secrets.issued ?? [])
  ].filter(value => value.length > 0)
}

/** The values the log asked the runner to mask. */
export function maskedValues(log: string): string[] {
  return [...log.matchAll(/^::add-mask::(.*)$/gm)].map(match => match[1]!)
}

/** Text that would be visible if the runner did no masking at all. */
function unmaskedText(run: ActionRun): string {
  const log = `${run.stdout}\n${run.stderr}`
  return `${log.replace(/^::add-mask::.*$/gm, '')}\n${run.summary}`
}

export function expectNoSecretLeak(run: ActionRun, secrets: KnownSecrets) {
  const visible = unmaskedText(run)
  const masked = maskedValues(run.stdout)
  for (const secret of secretForms(secrets)) {
    const leaked = visible.includes(secret)
    expect({ secret: label(secret), leaked }).toEqual({
      secret: label(secret),
      leaked: false
    })
  }
  for (const token of secrets.issued ?? []) {
    if (Object.values(run.outputs).includes(token)) {
      expect(masked).toContain(token)
    }
  }
}

/**
 * What a request carried that no line a person reads may repeat: the values
 * of its query (a token may travel there) and its body. Only `::debug::`
 * lines, hidden unless step debug is on, show a request's whole URL.
 */
export function expectNoRequestDataInErrors(
  run: ActionRun,
  carried: string[]
): void {
  const readable = `${run.stdout}\n${run.stderr}`
    .split('\n')
    .filter(line => !/^::(debug|add-mask)::/.test(line))
    .concat(run.summary)
    .join('\n')
  for (const value of carried.filter(value => value.length > 0)) {
    const shown = readable.includes(value)
    expect({ value: label(value), shown }).toEqual({
      value: label(value),
      shown: false
    })
  }
}

/**
 * No secret shows in a command-line run's output, except `allowed` on
 * standard output: the one secret the command was asked for.
 */
export function expectOnlySecret(
  run: PrintedRun,
  secrets: string[],
  allowed?: string | string[]
): void {
  const printable = new Set(
    Array.isArray(allowed) ? allowed : allowed ? [allowed] : []
  )
  for (const secret of secrets.filter(value => value.length > 0)) {
    const leaked =
      run.stderr.includes(secret) ||
      (!printable.has(secret) && run.stdout.includes(secret))
    expect({ secret: label(secret), leaked }).toEqual({
      secret: label(secret),
      leaked: false
    })
  }
}

/** Identifies a secret in a failure message without printing it whole. */
function label(secret: string): string {
  return `${secret.slice(0, 4)}…(${secret.length} chars)`
}
