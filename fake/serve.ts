/**
 * Runs the fake Spotify until SIGINT or SIGTERM, for the CI workflow and the
 * demo: `npx tsx fake/serve.ts [--port N] [--host H] [--campaigns N]
 * [--report-rows N] [--rotate-refresh-token] [--consent approve|deny]`.
 *
 * It prints one JSON line to stdout with everything a client needs (URLs,
 * client credentials, the refresh token, the ad account id), so a script can
 * read the line and go. The credentials are fakes, valid only here.
 */
import { parseArgs } from 'node:util'
import { startFakeSpotify, type FakeSpotifyOptions } from './spotify.js'

const USAGE =
  'Usage: tsx fake/serve.ts [--port N] [--host H] [--campaigns N] [--report-rows N] [--rotate-refresh-token] [--consent approve|deny]'

try {
  const fake = await startFakeSpotify(readOptions(process.argv.slice(2)))

  const ready = {
    url: fake.url,
    tokenUrl: fake.tokenUrl,
    authorizeUrl: fake.authorizeUrl,
    apiBaseUrl: fake.apiBaseUrl,
    apiV2BaseUrl: fake.apiV2BaseUrl,
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    refreshToken: fake.refreshToken,
    accountId: fake.accountId,
    businessId: fake.businessId
  }
  process.stdout.write(`${JSON.stringify(ready)}\n`)

  // Once closed, nothing is left to keep the process alive, so it exits 0.
  const stop = () => void fake.close()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
} catch (error) {
  const message = error instanceof Error ? error.message : String(error)
  process.stderr.write(`fake/serve.ts: ${message}\n${USAGE}\n`)
  process.exitCode = 2
}

function readOptions(args: string[]): FakeSpotifyOptions {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      campaigns: { type: 'string' },
      'report-rows': { type: 'string' },
      'rotate-refresh-token': { type: 'boolean' },
      consent: { type: 'string' }
    }
  })

  const consent = values.consent
  if (consent !== undefined && consent !== 'approve' && consent !== 'deny') {
    throw new Error(`--consent must be approve or deny, not '${consent}'`)
  }

  return {
    port: readCount('--port', values.port),
    host: values.host,
    campaigns: readCount('--campaigns', values.campaigns),
    reportRows: readCount('--report-rows', values['report-rows']),
    rotateRefreshToken: values['rotate-refresh-token'],
    consent
  }
}

function readCount(flag: string, value: string | undefined) {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value)) {
    throw new Error(`${flag} must be a whole number, not '${value}'`)
  }
  return Number(value)
}
