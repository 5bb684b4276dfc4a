/**
 * End-to-end: the committed bundle, run as the runner runs it, against the
 * fake Spotify on loopback, on every supported Node.js runtime.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  ROOT,
  RUNTIMES,
  fakeSpotifyInputs,
  logAsRunnerShows,
  runAction,
  type ActionRun,
  type RunOptions
} from '../fake/runner.js'
import { startFakeSpotify, type FakeSpotify } from '../fake/spotify.js'
import {
  expectNoSecretLeak,
  fakeSecrets,
  maskedValues
} from './helpers/secrets.js'

it('runs on Node.js 24, the runtime GitHub uses for node24 actions', () => {
  expect(RUNTIMES.map(runtime => runtime.name)).toContain('node24')
})

describe.each(RUNTIMES)('the bundled action on $name', runtime => {
  let spotify: FakeSpotify

  beforeEach(async () => {
    spotify = await startFakeSpotify({ campaigns: 12 })
  })

  afterEach(async () => {
    await spotify.close()
  })

  const baseInputs = () => fakeSpotifyInputs(spotify)

  /** Runs the action and checks, every time, that no secret leaked. */
  async function run(
    inputs: Record<string, string> = {},
    options: Omit<RunOptions, 'inputs' | 'runtime'> = {}
  ): Promise<ActionRun> {
    const result = await runAction({
      ...options,
      runtime,
      inputs: { ...baseInputs(), ...inputs }
    })
    expectNoSecretLeak(
      result,
      fakeSecrets(spotify, {
        clientSecret: inputs['client-secret'],
        refreshToken: inputs['refresh-token']
      })
    )
    return result
  }

  const campaignsPath = () => `ad_accounts/${spotify.accountId}/campaigns`
  const apiRequests = () =>
    spotify.requests.filter(request => request.path.startsWith('/ads/'))
  const errorLine = (result: ActionRun) =>
    /^::error::(.*)$/m.exec(result.stdout)?.[1] ?? ''

  describe('minting a token', () => {
    it('sets the token outputs and masks the token before any other line', async () => {
      const result = await run()

      expect(result.code).toBe(0)
      const [token] = spotify.issuedAccessTokens
      expect(result.outputs['access-token']).toBe(token)
      expect(result.outputs['token-type']).toBe('Bearer')
      expect(result.outputs['expires-in']).toBe('3600')
      const expiresAt = Date.parse(result.outputs['expires-at']!)
      expect(Math.abs(expiresAt - (Date.now() + 3600_000))).toBeLessThan(60_000)
      expect(result.outputs['expires-at']).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/
      )
      expect(result.outputs).not.toHaveProperty('status')

      const lines = result.stdout.split('\n')
      const maskLine = lines.indexOf(`::add-mask::${token}`)
      const mintedLine = lines.findIndex(line => line.startsWith('Minted'))
      expect(maskLine).toBeGreaterThanOrEqual(0)
      expect(maskLine).toBeLessThan(mintedLine)
      expect(lines.slice(0, 2)).toEqual([
        `::add-mask::${spotify.clientSecret}`,
        `::add-mask::${spotify.refreshToken}`
      ])
    })

    it('posts the refresh-token grant as a form with Basic credentials', async () => {
      await run()

      const [tokenRequest] = spotify.requests
      expect(tokenRequest?.method).toBe('POST')
      expect(tokenRequest?.headers['content-type']).toBe(
        'application/x-www-form-urlencoded'
      )
      const basic = Buffer.from(
        `${spotify.clientId}:${spotify.clientSecret}`
      ).toString('base64')
      expect(tokenRequest?.headers.authorization).toBe(`Basic ${basic}`)
      expect(
        Object.fromEntries(new URLSearchParams(tokenRequest?.body))
      ).toEqual({
        grant_type: 'refresh_token',
        refresh_token: spotify.refreshToken
      })
    })

    it('works with secrets pasted with a trailing newline and spaces', async () => {
      const result = await run({
        'client-secret': `${spotify.clientSecret}\n`,
        'refresh-token': `  ${spotify.refreshToken}  \n`
      })

      expect(result.code).toBe(0)
      expect(result.outputs['access-token']).toBe(spotify.issuedAccessTokens[0])
    })

    it('says to authorize again when Spotify refuses the refresh token', async () => {
      const result = await run({ 'refresh-token': 'revoked-refresh-token' })

      expect(result.code).toBe(1)
      expect(errorLine(result)).toContain('invalid_grant')
      expect(errorLine(result)).toContain('Authorize the app again')
      expect(errorLine(result)).toContain('6-month')
      expect(result.outputs).toEqual({})
      expect(spotify.requests).toHaveLength(1)
    })

    it('says to check the client id and secret when Spotify refuses the client', async () => {
      const result = await run({ 'client-secret': 'wrong-secret' })

      expect(result.code).toBe(1)
      expect(errorLine(result)).toContain('invalid_client')
      expect(errorLine(result)).toContain('Check client-id and client-secret')
    })

    it('does not retry a refused refresh token', async () => {
      await run({
        'refresh-token': 'revoked-refresh-token',
        path: 'businesses'
      })

      expect(spotify.requests).toHaveLength(1)
    })

    it('retries the token endpoint after a 5xx', async () => {
      spotify.inject({ path: '/api/token', status: 503 })

      const result = await run()

      expect(result.code).toBe(0)
      expect(result.stdout).toMatch(/Retrying POST .*\/api\/token .*HTTP 503/)
      expect(spotify.requests).toHaveLength(2)
    })

    it('sets, masks and warns about a new refresh token', async () => {
      await spotify.close()
      spotify = await startFakeSpotify({ rotateRefreshToken: true })

      const result = await run()

      const [rotated] = spotify.issuedRefreshTokens
      expect(result.code).toBe(0)
      expect(result.outputs['refresh-token']).toBe(rotated)
      expect(maskedValues(result.stdout)).toContain(rotated)
      expect(result.stdout).toMatch(
        /^::warning::Spotify returned a new refresh token/m
      )
    })

    it('never loads the artifact client when no artifact is asked for', async () => {
      const lean = mkdtempSync(join(tmpdir(), 'lean-dist-'))
      mkdirSync(join(lean, 'dist'))
      for (const file of ['index.js', 'package.json']) {
        copyFileSync(join(ROOT, 'dist', file), join(lean, 'dist', file))
      }
      writeFileSync(
        join(lean, 'action.yml'),
        readFileSync(join(ROOT, 'action.yml'))
      )
      expect(
        readdirSync(join(ROOT, 'dist')).some(name =>
          /^\d+\.index\.js$/.test(name)
        )
      ).toBe(true)

      const result = await run(
        { path: campaignsPath() },
        { bundle: join(lean, 'dist/index.js') }
      )

      expect(result.code).toBe(0)
      expect(result.outputs.status).toBe('200')
    })
  })

  describe('calling the Ads API', () => {
    it('writes the answer to a file under RUNNER_TEMP and sets status', async () => {
      const result = await run({ path: campaignsPath(), query: 'limit=5' })

      expect(result.code).toBe(0)
      expect(result.outputs.status).toBe('200')
      const file = result.outputs['response-file']!
      expect(file.startsWith(join(result.runnerTemp, 'spotify-ads'))).toBe(true)
      const body = JSON.parse(readFileSync(file, 'utf8')) as {
        campaigns: { id: string }[]
      }
      expect(body.campaigns.map(campaign => campaign.id)).toEqual(
        spotify.data.campaigns.slice(0, 5).map(campaign => campaign.id)
      )
      const [request] = apiRequests()
      expect(request?.headers.authorization).toBe(
        `Bearer ${spotify.issuedAccessTokens[0]}`
      )
      expect(request?.query.getAll('limit')).toEqual(['5'])
    })

    it('sends a repeated query key twice, encoded', async () => {
      await run({
        path: `ad_accounts/${spotify.accountId}`,
        query: 'fields=IMPRESSIONS\nfields=CLICKS\nname=a&b #c é'
      })

      const [request] = apiRequests()
      expect(request?.query.getAll('fields')).toEqual(['IMPRESSIONS', 'CLICKS'])
      expect(request?.query.get('name')).toBe('a&b #c é')
    })

    it('writes the response where response-file says, creating its folder', async () => {
      const folder = mkdtempSync(join(tmpdir(), 'response-'))
      const target = join(folder, 'nested/deeper/campaigns.json')

      const result = await run({
        path: campaignsPath(),
        'response-file': target
      })

      expect(result.outputs['response-file']).toBe(target)
      expect(JSON.parse(readFileSync(target, 'utf8'))).toHaveProperty('paging')
      expect(readdirSync(join(folder, 'nested/deeper'))).toEqual([
        'campaigns.json'
      ])
    })

    it('reaches v2 by an absolute URL on the same origin', async () => {
      const result = await run({ path: `${spotify.apiV2BaseUrl}/ad_accounts` })

      expect(result.code).toBe(0)
      expect(result.outputs.status).toBe('200')
      expect(apiRequests()[0]?.path).toBe('/ads/v2/ad_accounts')
    })

    it('creates with POST and a JSON body', async () => {
      const result = await run({
        path: campaignsPath(),
        method: 'post',
        body: '{"name": "Winter launch", "objective": "REACH"}'
      })

      expect(result.code).toBe(0)
      expect(result.outputs.status).toBe('200')
      const [request] = apiRequests()
      expect(request?.method).toBe('POST')
      expect(request?.headers['content-type']).toBe('application/json')
      const created = JSON.parse(
        readFileSync(result.outputs['response-file']!, 'utf8')
      ) as { id: string; name: string }
      expect(created.name).toBe('Winter launch')
      expect(spotify.data.campaigns.some(c => c.id === created.id)).toBe(true)
    })

    it('updates with PATCH and removes with DELETE', async () => {
      const [campaign] = spotify.data.campaigns
      const path = `${campaignsPath()}/${campaign!.id}`

      const patched = await run({
        path,
        method: 'PATCH',
        body: '{"name":"Renamed"}'
      })
      const deleted = await run({ path, method: 'DELETE' })

      expect(patched.outputs.status).toBe('200')
      expect(deleted.code).toBe(0)
      expect(spotify.data.campaigns.some(c => c.id === campaign!.id)).toBe(
        false
      )
    })

    it('fails with the status, Spotify\u2019s messages and sp_trace_id, and still writes the file', async () => {
      const result = await run({
        path: 'ad_accounts/00000000-0000-4000-8000-000000000000'
      })

      expect(result.code).toBe(1)
      expect(result.outputs.status).toBe('404')
      const body = readFileSync(result.outputs['response-file']!, 'utf8')
      const { sp_trace_id: traceId } = JSON.parse(body) as {
        sp_trace_id: string
      }
      expect(errorLine(result)).toContain('answered HTTP 404')
      expect(errorLine(result)).toContain(`sp_trace_id ${traceId}`)
      expect(result.summary).toContain('HTTP 404')
    })

    it('stays green on an HTTP error when fail-on-http-error is false', async () => {
      const result = await run({
        path: 'ad_accounts/00000000-0000-4000-8000-000000000000',
        'fail-on-http-error': 'false'
      })

      expect(result.code).toBe(0)
      expect(result.outputs.status).toBe('404')
      expect(result.stdout).toMatch(
        /^::warning::.*HTTP 404.*fail-on-http-error is false/m
      )
    })

    it('retries a 503 with backoff and logs why', async () => {
      spotify.inject({ path: /\/campaigns$/, status: 503, times: 2 })

      const result = await run({ path: campaignsPath() })

      expect(result.code).toBe(0)
      expect(result.stdout.match(/^Retrying GET .*: HTTP 503$/gm)).toHaveLength(
        2
      )
      expect(apiRequests()).toHaveLength(3)
    })

    it('waits for Retry-After on a 429, then succeeds', async () => {
      spotify.inject({
        path: /\/campaigns$/,
        status: 429,
        headers: { 'retry-after': '1' }
      })

      const started = Date.now()
      const result = await run({ path: campaignsPath() })

      expect(result.code).toBe(0)
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000)
      expect(result.stdout).toMatch(/Retrying GET .* in 1(\.0)? s .*HTTP 429/)
    })

    it('fails at once when Retry-After is longer than it waits, saying so', async () => {
      spotify.inject({
        path: /\/campaigns$/,
        status: 429,
        headers: { 'retry-after': '18000' }
      })

      const result = await run({ path: campaignsPath() })

      expect(result.code).toBe(1)
      expect(errorLine(result)).toContain('Retry-After: 18000')
      expect(errorLine(result)).toContain('run the job again later')
      expect(apiRequests()).toHaveLength(1)
    })

    it('does not retry a POST after a 5xx: it may have been carried out', async () => {
      spotify.inject({ path: /\/campaigns$/, method: 'POST', status: 502 })

      const result = await run({
        path: campaignsPath(),
        method: 'POST',
        body: '{"name":"Once"}'
      })

      expect(result.code).toBe(1)
      expect(apiRequests()).toHaveLength(1)
    })

    it('retries a reset connection on GET', async () => {
      spotify.inject({ path: /\/campaigns$/, reset: true })

      const result = await run({ path: campaignsPath() })

      expect(result.code).toBe(0)
      expect(result.stdout).toMatch(/Retrying GET .*the connection was reset/)
    })

    it('times out a slow answer and says after how long', async () => {
      spotify.inject({ path: /\/campaigns$/, delayMs: 3000 })

      const result = await run({
        path: campaignsPath(),
        'timeout-seconds': '1',
        'max-retries': '0'
      })

      expect(result.code).toBe(1)
      expect(errorLine(result)).toMatch(
        /GET .*\/campaigns failed: timed out after 1 s/
      )
    })

    it('keeps a body that is not JSON as it came and says so', async () => {
      spotify.inject({
        path: /\/campaigns$/,
        status: 200,
        headers: { 'content-type': 'text/plain' },
        body: 'not json, but kept'
      })

      const result = await run({ path: campaignsPath() })

      expect(result.code).toBe(0)
      expect(readFileSync(result.outputs['response-file']!, 'utf8')).toBe(
        'not json, but kept'
      )
      expect(result.stdout).toContain('The answer is not JSON (text/plain)')
    })

    it('does not follow a redirect to another host', async () => {
      spotify.inject({
        path: /\/campaigns$/,
        status: 302,
        headers: { location: 'https://elsewhere.example/steal' },
        body: ''
      })

      const result = await run({ path: campaignsPath() })

      expect(result.code).toBe(1)
      expect(errorLine(result)).toContain(
        'redirects to https://elsewhere.example'
      )
      expect(apiRequests()).toHaveLength(1)
    })

    it('writes a job summary without secrets', async () => {
      const result = await run({ path: campaignsPath() })

      expect(result.summary).toContain('Access token')
      expect(result.summary).toContain(
        `GET ${spotify.apiBaseUrl}/${campaignsPath()}: HTTP 200`
      )
      expect(result.summary).toContain('Response file')
    })

    it('keeps secrets out of the log with step debug on', async () => {
      const result = await run(
        { path: campaignsPath() },
        { env: { ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1' } }
      )

      expect(result.stdout).toContain('::debug::')
      expect(result.stdout).toContain('Bearer ***')
      expect(logAsRunnerShows(result, true)).not.toContain(
        spotify.issuedAccessTokens[0]
      )
    })
  })

  describe('refusing bad input before any request', () => {
    it.each([
      ['path', 'https://evil.example/ads/v3/businesses', 'only sent to'],
      ['path', 'https://api-partner.spotify.com@evil.example/', 'only sent to'],
      ['path', 'ad_accounts/../../admin', '".." segments'],
      ['path', 'ad_accounts/%2e%2e/admin', '".." segments'],
      ['method', 'FETCH', 'GET, POST, PUT, PATCH, DELETE'],
      ['body', '{not json', 'valid JSON'],
      ['timeout-seconds', '-1', 'whole number from 1 to 3600'],
      ['max-retries', 'three', 'whole number from 0 to 10'],
      ['fail-on-http-error', 'yes', 'true or false'],
      ['token-url', 'http://accounts.example.com/api/token', 'https://'],
      ['api-base-url', 'ftp://example.com/', 'https://']
    ])('refuses %s %j', async (input, value, expected) => {
      const inputs: Record<string, string> = {
        path: 'businesses',
        [input]: value
      }
      if (input === 'body') inputs.method = 'POST'

      const result = await run(inputs)

      expect(result.code).toBe(1)
      expect(errorLine(result)).toContain(`Input '${input}'`)
      expect(errorLine(result)).toContain(expected)
      expect(spotify.requests).toHaveLength(0)
    })

    it('refuses a missing client secret without any request', async () => {
      const result = await run({ 'client-secret': '' })

      expect(result.code).toBe(1)
      expect(errorLine(result)).toContain("Input 'client-secret' is required")
      expect(spotify.requests).toHaveLength(0)
    })

    it('refuses a response-file that is a folder', async () => {
      const folder = mkdtempSync(join(tmpdir(), 'folder-'))

      const result = await run({ path: 'businesses', 'response-file': folder })

      expect(result.code).toBe(1)
      expect(errorLine(result)).toContain("Input 'response-file' is the folder")
      expect(spotify.requests).toHaveLength(0)
    })
  })
})
