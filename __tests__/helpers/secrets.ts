/**
 * The one check every end-to-end test makes: no secret reaches the log, the
 * job summary or an error unmasked. A secret may appear in the log only in
 * the `::add-mask::` command that tells the runner to hide it.
 */
import { expect } from '@jest/globals'
import type { ActionRun } from '../../fake/runner.js'

export interface KnownSecrets {
  clientId: string
  clientSecret: string
  refreshToken: string
  /** Every access and refresh token the fake issued during the test. */
  issued?: string[]
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

/** Identifies a secret in a failure message without printing it whole. */
function label(secret: string): string {
  return `${secret.slice(0, 4)}…(${secret.length} chars)`
}
