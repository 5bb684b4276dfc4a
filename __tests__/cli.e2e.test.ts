/**
 * End-to-end: the bundled command-line tool, `dist/cli/index.js`, run as a
 * person runs it, against the fake Spotify on loopback, on every supported
 * Node.js runtime. The test plays the browser.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  chmodSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { reportCsv } from '../fake/async-reports.js'
import { RUNTIMES } from '../fake/runner.js'
import { startFakeSpotify, type FakeSpotify } from '../fake/spotify.js'
import {
  AUTHORIZE_URL,
  CLI_BUNDLE,
  CliProcess,
  cliEnv,
  consent,
  freePort,
  openCallback,
  type CliRun
} from './helpers/cli.js'
import {
  expectOnlySecret,
  fakeSecrets,
  secretForms
} from './helpers/secrets.js'

const SIX_MONTHS_MS = 182.5 * 24 * 3600 * 1000
const DAY_MS = 24 * 3600 * 1000

it('is an executable file with a node shebang', () => {
  expect(readFileSync(CLI_BUNDLE, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/)
  expect(statSync(CLI_BUNDLE).mode & 0o111).not.toBe(0)
})

/** How long a finished test waits for a command it started to exit. */
const EXIT_GRACE_MS = 5000

describe.each(RUNTIMES)('spotify-ads on $name', runtime => {
  let spotify: FakeSpotify
  let home: string
  /** Every command the test started, checked for leaks after it. */
  let started: {
    cli: CliProcess
    args: string[]
    env: Record<string, string>
  }[]

  beforeEach(async () => {
    spotify = await startFakeSpotify({ campaigns: 12 })
    home = mkdtempSync(join(tmpdir(), 'spotify-ads-cli-'))
    started = []
  })

  afterEach(async () => {
    try {
      for (const { cli, args, env } of started) {
        expectNoLeakFrom(await exitOf(cli), args, env)
      }
    } finally {
      await spotify.close()
    }
  })

  function start(args: string[], env: Record<string, string> = {}) {
    const cli = new CliProcess(runtime, args, cliEnv(home, env))
    started.push({ cli, args, env })
    return cli
  }

  async function exitOf(cli: CliProcess): Promise<CliRun> {
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error('spotify-ads was still running after the test')),
        EXIT_GRACE_MS
      )
    })
    try {
      return await Promise.race([cli.exited, late])
    } finally {
      clearTimeout(timer)
    }
  }

  /**
   * The check every run gets: no secret of the fake or of the command's
   * environment on standard error, and on standard output only what the
   * command prints by design (authorize a refresh token, token an access
   * token).
   */
  function expectNoLeakFrom(
    result: CliRun,
    args: string[],
    env: Record<string, string>
  ): void {
    const printed: Record<string, string[]> = {
      authorize: spotify.issuedRefreshTokens,
      token: spotify.issuedAccessTokens
    }
    const given = [env.SPOTIFY_CLIENT_SECRET, env.SPOTIFY_REFRESH_TOKEN]
    expectOnlySecret(
      result,
      [...secrets(), ...given.map(value => value?.trim() ?? '')],
      printed[args[0] ?? ''] ?? []
    )
  }

  function run(args: string[], env: Record<string, string> = {}) {
    return start(args, env).exited
  }

  /** Every secret of this test, in every form it could leak in. */
  function secrets(): string[] {
    return secretForms(fakeSecrets(spotify))
  }

  const tokenRequests = () =>
    spotify.requests.filter(request => request.path === '/api/token')

  describe('authorize', () => {
    async function startAuthorize(
      args: string[] = [],
      env: Record<string, string> = {}
    ) {
      const redirectUri = `http://127.0.0.1:${await freePort()}/callback`
      const cli = start(
        [
          'authorize',
          '--no-open',
          '--accounts-url',
          spotify.url,
          '--client-id',
          spotify.clientId,
          '--redirect-uri',
          redirectUri,
          ...args
        ],
        { SPOTIFY_CLIENT_SECRET: spotify.clientSecret, ...env }
      )
      const [, url] = await cli.waitFor(AUTHORIZE_URL)
      return { cli, url: new URL(url!), redirectUri }
    }

    it('prints the refresh token, when it expires, and how to store it', async () => {
      const { cli, url, redirectUri } = await startAuthorize()

      expect(url.origin).toBe(spotify.url)
      expect(url.pathname).toBe('/authorize')
      expect(url.searchParams.get('client_id')).toBe(spotify.clientId)
      expect(url.searchParams.get('response_type')).toBe('code')
      expect(url.searchParams.get('redirect_uri')).toBe(redirectUri)
      expect(url.searchParams.get('state')).toMatch(/^[\w-]{43}$/)
      expect(url.searchParams.has('scope')).toBe(false)

      const callback = await consent(url.href)
      const page = await openCallback(callback)
      const result = await cli.exited

      expect(page.status).toBe(200)
      expect(page.text).toContain('You can close this tab')
      expect(result.code).toBe(0)
      const [refreshToken] = spotify.issuedRefreshTokens
      expect(result.stdout).toBe(`${refreshToken}\n`)
      expect(result.stderr).toContain('  gh secret set SPOTIFY_REFRESH_TOKEN\n')
      const expiry = /around (\d{4}-\d\d-\d\d)/.exec(result.stderr)?.[1]
      const sixMonthsOn = Date.now() + SIX_MONTHS_MS
      expect(Math.abs(Date.parse(expiry!) - sixMonthsOn)).toBeLessThan(
        3 * DAY_MS
      )
      expectOnlySecret(result, secrets(), refreshToken)
    })

    it('exchanges the code with Basic credentials and the same redirect URI', async () => {
      const { cli, url, redirectUri } = await startAuthorize()

      const callback = await consent(url.href)
      await openCallback(callback)
      await cli.exited

      const [exchange] = tokenRequests()
      const basic = Buffer.from(
        `${spotify.clientId}:${spotify.clientSecret}`
      ).toString('base64')
      expect(exchange?.headers.authorization).toBe(`Basic ${basic}`)
      expect(Object.fromEntries(new URLSearchParams(exchange?.body))).toEqual({
        grant_type: 'authorization_code',
        code: callback.searchParams.get('code'),
        redirect_uri: redirectUri
      })
    })

    it('prints one JSON object with --json', async () => {
      const { cli, url } = await startAuthorize([
        '--json',
        '--scope',
        'ads-read  ads-write'
      ])

      expect(url.searchParams.get('scope')).toBe('ads-read ads-write')
      await openCallback(await consent(url.href))
      const result = await cli.exited

      expect(result.code).toBe(0)
      const printed = JSON.parse(result.stdout) as Record<string, string>
      expect(printed).toMatchObject({
        refresh_token: spotify.issuedRefreshTokens[0],
        scope: 'ads-read ads-write',
        client_id: spotify.clientId
      })
      expect(printed.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
      expect(
        Math.abs(Date.parse(printed.expires_at!) - Date.now() - SIX_MONTHS_MS)
      ).toBeLessThan(3 * DAY_MS)
      expectOnlySecret(result, secrets(), spotify.issuedRefreshTokens[0])
    })

    it('refuses a callback with a forged state, and exchanges nothing', async () => {
      const { cli, url } = await startAuthorize()

      const callback = await consent(url.href)
      callback.searchParams.set('state', 'forged-state')
      const page = await openCallback(callback)
      const result = await cli.exited

      expect(page.status).toBe(400)
      expect(page.text).toContain('Wrong state')
      expect(result.code).toBe(1)
      expect(result.stderr).toContain('state that does not match')
      expect(result.stdout).toBe('')
      expect(tokenRequests()).toHaveLength(0)
    })

    it('refuses a callback without a state, and exchanges nothing', async () => {
      const { cli, url } = await startAuthorize()

      const callback = await consent(url.href)
      callback.searchParams.delete('state')
      const page = await openCallback(callback)
      const result = await cli.exited

      expect(page.status).toBe(400)
      expect(result.code).toBe(1)
      expect(result.stderr).toContain('carries no state')
      expect(tokenRequests()).toHaveLength(0)
    })

    it('says so when the person declines', async () => {
      await spotify.close()
      spotify = await startFakeSpotify({ consent: 'deny' })
      const { cli, url } = await startAuthorize()

      const callback = await consent(url.href)
      const page = await openCallback(callback)
      const result = await cli.exited

      expect(callback.searchParams.get('error')).toBe('access_denied')
      expect(page.status).toBe(403)
      expect(result.code).toBe(1)
      expect(result.stderr).toContain('declined')
      expect(result.stderr).toContain('access_denied')
      expect(tokenRequests()).toHaveLength(0)
    })

    it('says to check the client when Spotify refuses the client secret', async () => {
      const { cli, url } = await startAuthorize([], {
        SPOTIFY_CLIENT_SECRET: 'wrong-secret'
      })

      const page = await openCallback(await consent(url.href))
      const result = await cli.exited

      expect(page.status).toBe(502)
      expect(result.code).toBe(1)
      expect(result.stderr).toContain('invalid_client')
      expect(result.stderr).toContain('SPOTIFY_CLIENT_SECRET')
      expect(result.stdout).toBe('')
      expectOnlySecret(result, ['wrong-secret', ...secrets()])
    })

    it('gives up when the browser never comes back, and says what to check', async () => {
      const { cli, url } = await startAuthorize(
        ['--client-id', 'unknown-client'],
        { SPOTIFY_ADS_AUTHORIZE_TIMEOUT_SECONDS: '1' }
      )

      // Spotify shows its own error page; the browser never comes back.
      const answer = await fetch(url, { redirect: 'manual' })
      const result = await cli.exited

      expect(answer.status).toBe(400)
      expect(await answer.text()).toContain('INVALID_CLIENT')
      expect(result.code).toBe(1)
      expect(result.stderr).toContain('No answer from the browser within 1 s')
      expect(result.stderr).toContain('check the client id')
    })

    it('stops at once when the port of the redirect URI is in use', async () => {
      const port = await freePort()
      const taken = createServer()
      await new Promise<void>(resolve =>
        taken.listen(port, '127.0.0.1', resolve)
      )
      try {
        const result = await run(
          [
            'authorize',
            '--no-open',
            '--accounts-url',
            spotify.url,
            '--client-id',
            spotify.clientId,
            '--redirect-uri',
            `http://127.0.0.1:${port}/callback`
          ],
          { SPOTIFY_CLIENT_SECRET: spotify.clientSecret }
        )

        expect(result.code).toBe(1)
        expect(result.stderr).toContain(`Port ${port} on 127.0.0.1 is in use`)
        expect(result.stderr).not.toMatch(AUTHORIZE_URL)
      } finally {
        await new Promise(resolve => taken.close(resolve))
      }
    })

    describe('--set-secret', () => {
      /** A gh that records its arguments and standard input. */
      function fakeGh(exitCode = 0): { bin: string; record: string } {
        const bin = mkdtempSync(join(tmpdir(), 'fake-gh-bin-'))
        const record = mkdtempSync(join(tmpdir(), 'fake-gh-record-'))
        writeFileSync(
          join(bin, 'gh'),
          [
            '#!/bin/sh',
            `printf '%s\\n' "$@" > '${record}/argv'`,
            `cat > '${record}/stdin'`,
            `echo 'Set Actions secret SPOTIFY_REFRESH_TOKEN' >&2`,
            `exit ${exitCode}`,
            ''
          ].join('\n')
        )
        chmodSync(join(bin, 'gh'), 0o755)
        return { bin, record }
      }

      it('hands the token to gh on standard input, never as an argument', async () => {
        const gh = fakeGh()
        const { cli, url } = await startAuthorize(
          ['--set-secret', 'my-org/ad-reports'],
          { PATH: `${gh.bin}:/usr/bin:/bin` }
        )

        await openCallback(await consent(url.href))
        const result = await cli.exited

        expect(result.code).toBe(0)
        const [refreshToken] = spotify.issuedRefreshTokens
        expect(readFileSync(join(gh.record, 'stdin'), 'utf8')).toBe(
          refreshToken
        )
        expect(readFileSync(join(gh.record, 'argv'), 'utf8')).toBe(
          'secret\nset\nSPOTIFY_REFRESH_TOKEN\n--repo\nmy-org/ad-reports\n'
        )
        expect(result.stderr).toContain(
          'Stored it as the Actions secret SPOTIFY_REFRESH_TOKEN of my-org/ad-reports'
        )
        expect(result.stdout).toBe('')
        expectOnlySecret(result, secrets())
      })

      it('uses the current repository when none is given', async () => {
        const gh = fakeGh()
        const { cli, url } = await startAuthorize(['--set-secret'], {
          PATH: `${gh.bin}:/usr/bin:/bin`
        })

        await openCallback(await consent(url.href))
        const result = await cli.exited

        expect(result.code).toBe(0)
        expect(readFileSync(join(gh.record, 'argv'), 'utf8')).toBe(
          'secret\nset\nSPOTIFY_REFRESH_TOKEN\n'
        )
      })

      it('still prints the token when gh fails, and exits 1', async () => {
        const gh = fakeGh(1)
        const { cli, url } = await startAuthorize(['--set-secret=a/b'], {
          PATH: `${gh.bin}:/usr/bin:/bin`
        })

        await openCallback(await consent(url.href))
        const result = await cli.exited

        expect(result.code).toBe(1)
        expect(result.stdout).toBe(`${spotify.issuedRefreshTokens[0]}\n`)
        expect(result.stderr).toContain(
          'gh secret set SPOTIFY_REFRESH_TOKEN failed (exit 1)'
        )
      })

      it('fails before the browser step when gh is not on PATH', async () => {
        const empty = mkdtempSync(join(tmpdir(), 'empty-path-'))

        const result = await run(
          [
            'authorize',
            '--no-open',
            '--accounts-url',
            spotify.url,
            '--client-id',
            spotify.clientId,
            '--set-secret'
          ],
          { PATH: empty, SPOTIFY_CLIENT_SECRET: spotify.clientSecret }
        )

        expect(result.code).toBe(1)
        expect(result.stderr).toContain('needs the GitHub CLI, gh, on PATH')
        expect(result.stderr).not.toMatch(AUTHORIZE_URL)
      })
    })

    it.each([
      [['--redirect-uri', 'https://example.com/callback'], 'loopback'],
      [['--redirect-uri', 'http://localhost:8080/callback'], 'not localhost'],
      [['--redirect-uri', 'http://192.168.1.2:8080/callback'], 'loopback'],
      [['--set-secret', 'not a repo'], 'OWNER/NAME'],
      [['--accounts-url', 'http://accounts.example.com'], 'https://'],
      [['--client-id', 'id:with-colon'], "':'"],
      [['--scope'], "'--scope <value>' argument missing"],
      [['stray'], "unexpected argument 'stray'"]
    ])('refuses %j as a usage error', async (args, expected) => {
      const result = await run(
        ['authorize', '--no-open', '--client-id', 'some-client', ...args],
        { SPOTIFY_CLIENT_SECRET: spotify.clientSecret }
      )

      expect(result.code).toBe(2)
      expect(result.stderr).toContain(expected)
      expect(result.stderr).toContain("Run 'spotify-ads authorize --help'")
    })

    it('needs the client secret from the environment when there is no terminal to ask on', async () => {
      const result = await run(['authorize', '--client-id', spotify.clientId])

      expect(result.code).toBe(2)
      expect(result.stderr).toContain('SPOTIFY_CLIENT_SECRET is not set')
    })
  })

  describe('token', () => {
    function credentials(): Record<string, string> {
      return {
        SPOTIFY_CLIENT_ID: spotify.clientId,
        SPOTIFY_CLIENT_SECRET: spotify.clientSecret,
        SPOTIFY_REFRESH_TOKEN: `  ${spotify.refreshToken}\n`
      }
    }

    it('prints exactly the access token, and nothing else', async () => {
      const result = await run(
        ['token', '--accounts-url', spotify.url],
        credentials()
      )

      expect(result.code).toBe(0)
      const [accessToken] = spotify.issuedAccessTokens
      expect(result.stdout).toBe(`${accessToken}\n`)
      expect(result.stderr).toBe('')
      expectOnlySecret(result, secrets(), accessToken)
    })

    it('says to authorize again when Spotify refuses the refresh token', async () => {
      const result = await run(['token', '--accounts-url', spotify.url], {
        ...credentials(),
        SPOTIFY_REFRESH_TOKEN: 'revoked-refresh-token'
      })

      expect(result.code).toBe(1)
      expect(result.stdout).toBe('')
      expect(result.stderr).toContain('invalid_grant')
      expect(result.stderr).toContain('spotify-ads authorize')
      expectOnlySecret(result, ['revoked-refresh-token', ...secrets()])
    })

    it('names the variables that are not set', async () => {
      const result = await run(['token'], {
        SPOTIFY_CLIENT_ID: spotify.clientId
      })

      expect(result.code).toBe(2)
      expect(result.stderr).toContain(
        'SPOTIFY_CLIENT_SECRET, SPOTIFY_REFRESH_TOKEN are not set'
      )
      expect(spotify.requests).toHaveLength(0)
    })

    it('refuses an --accounts-url with credentials, without repeating them', async () => {
      const result = await run(
        [
          'token',
          '--accounts-url',
          'https://someone:pasted-password-5c1e@accounts.spotify.com'
        ],
        credentials()
      )

      expect(result.code).toBe(2)
      expect(result.stderr).toContain(
        "--accounts-url must not hold credentials (user:password@) (got 'https://accounts.spotify.com/')"
      )
      expect(result.stderr).not.toContain('pasted-password')
      expect(spotify.requests).toHaveLength(0)
    })
  })

  describe('request', () => {
    const campaignsPath = () => `ad_accounts/${spotify.accountId}/campaigns`

    function request(args: string[], env: Record<string, string> = {}) {
      return run(
        [
          'request',
          '--accounts-url',
          spotify.url,
          '--api-base-url',
          spotify.apiBaseUrl,
          ...args
        ],
        {
          SPOTIFY_CLIENT_ID: spotify.clientId,
          SPOTIFY_CLIENT_SECRET: spotify.clientSecret,
          SPOTIFY_REFRESH_TOKEN: spotify.refreshToken,
          ...env
        }
      )
    }

    function expectNoLeak(result: CliRun) {
      expectOnlySecret(result, secrets())
    }

    it('prints the JSON answer to standard output', async () => {
      const result = await request([campaignsPath(), '--query', 'limit=5'])

      expect(result.code).toBe(0)
      expect(result.stderr).toBe('')
      const body = JSON.parse(result.stdout) as { campaigns: { id: string }[] }
      expect(body.campaigns.map(campaign => campaign.id)).toEqual(
        spotify.data.campaigns.slice(0, 5).map(campaign => campaign.id)
      )
      expectNoLeak(result)
    })

    it('sends repeated --query flags as repeated parameters', async () => {
      await request([
        `ad_accounts/${spotify.accountId}`,
        '--query',
        'fields=IMPRESSIONS',
        '--query',
        'fields=CLICKS'
      ])

      const apiRequest = spotify.requests.find(r => r.path.startsWith('/ads/'))
      expect(apiRequest?.query.getAll('fields')).toEqual([
        'IMPRESSIONS',
        'CLICKS'
      ])
    })

    it('prints every page as one document with --paginate', async () => {
      await spotify.close()
      spotify = await startFakeSpotify({ campaigns: 120 })

      const result = await request([campaignsPath(), '--paginate'])

      expect(result.code).toBe(0)
      const body = JSON.parse(result.stdout) as {
        campaigns: { id: string }[]
        paging: { total_results: number }
      }
      expect(body.campaigns.map(campaign => campaign.id)).toEqual(
        spotify.data.campaigns.map(campaign => campaign.id)
      )
      expect(body.paging.total_results).toBe(120)
      expectNoLeak(result)
    })

    it('prints only what --select selects, over every page', async () => {
      await spotify.close()
      spotify = await startFakeSpotify({ campaigns: 120 })
      const out = join(home, 'all.json')

      const result = await request([
        campaignsPath(),
        '--paginate',
        '--select',
        'length(campaigns)',
        '--out',
        out
      ])

      expect(result.code).toBe(0)
      expect(result.stdout).toBe('120\n')
      const kept = JSON.parse(readFileSync(out, 'utf8')) as { campaigns: [] }
      expect(kept.campaigns).toHaveLength(120)
    })

    it('exits 1 when --assert does not hold', async () => {
      const result = await request([
        campaignsPath(),
        '--assert',
        'paging.total_results > `1000`'
      ])

      expect(result.code).toBe(1)
      expect(result.stderr).toContain('does not hold: it gave false')
    })

    it('exits 2 on a --select that is not JMESPath', async () => {
      const result = await request([campaignsPath(), '--select', 'campaigns['])

      expect(result.code).toBe(2)
      expect(result.stderr).toContain('not a valid JMESPath expression')
      expect(spotify.requests).toHaveLength(0)
    })

    it('writes the answer to --out, creating its folder, and prints nothing', async () => {
      const out = join(home, 'reports/campaigns.json')

      const result = await request([campaignsPath(), '--out', out])

      expect(result.code).toBe(0)
      expect(result.stdout).toBe('')
      expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveProperty('paging')
      expect(readdirSync(join(home, 'reports'))).toEqual(['campaigns.json'])
    })

    it('creates with POST and a JSON body', async () => {
      const result = await request([
        campaignsPath(),
        '--method',
        'post',
        '--body',
        '{"name": "Winter launch", "objective": "REACH"}'
      ])

      expect(result.code).toBe(0)
      const created = JSON.parse(result.stdout) as { id: string }
      expect(spotify.data.campaigns.some(c => c.id === created.id)).toBe(true)
    })

    describe('--wait-for-report', () => {
      const REPORT = JSON.stringify({
        name: 'Nightly campaigns',
        granularity: 'DAY',
        dimensions: ['CAMPAIGN_NAME'],
        metrics: ['IMPRESSIONS', 'CLICKS']
      })

      function createReport(...args: string[]) {
        return request([
          `ad_accounts/${spotify.accountId}/async_reports`,
          '--method',
          'POST',
          '--body',
          REPORT,
          '--wait-for-report',
          '--poll-interval-seconds',
          '1',
          ...args
        ])
      }

      it('waits until the report is READY and saves its CSV to --report-file', async () => {
        await spotify.close()
        spotify = await startFakeSpotify({ reportRows: 8, asyncReportPolls: 1 })
        const file = join(home, 'nightly/report.csv')

        const result = await createReport('--report-file', file)

        expect(result.code).toBe(0)
        const { id } = spotify.asyncReports.created[0]!
        expect(JSON.parse(result.stdout)).toEqual({ id })
        expect(readFileSync(file, 'utf8')).toBe(
          reportCsv(spotify.data.reportRows)
        )
        expect(result.stderr).toMatch(
          new RegExp(
            `^Report ${id} is READY: \\d+ bytes of CSV in ${file}$`,
            'm'
          )
        )
        expect(spotify.storage.requests[0]!.headers).not.toHaveProperty(
          'authorization'
        )
        expectNoLeak(result)
      })

      it('exits 1 naming the report when it FAILED', async () => {
        await spotify.close()
        spotify = await startFakeSpotify({
          asyncReportPolls: 0,
          asyncReportOutcome: 'FAILED'
        })

        const result = await createReport('--report-file', join(home, 'r.csv'))

        expect(result.code).toBe(1)
        const { id } = spotify.asyncReports.created[0]!
        expect(result.stderr).toContain(`spotify-ads: Report ${id} is FAILED`)
        expectNoLeak(result)
      })

      it('exits 2 when the request creates no report', async () => {
        const result = await request([campaignsPath(), '--wait-for-report'])

        expect(result.code).toBe(2)
        expect(result.stderr).toContain('--wait-for-report')
        expect(spotify.requests).toHaveLength(0)
      })
    })

    it('prints the answer of a 404, and exits 1 with the sp_trace_id', async () => {
      const result = await request([
        'ad_accounts/00000000-0000-4000-8000-000000000000'
      ])

      expect(result.code).toBe(1)
      const { sp_trace_id: traceId } = JSON.parse(result.stdout) as {
        sp_trace_id: string
      }
      expect(result.stderr).toContain('answered HTTP 404')
      expect(result.stderr).toContain(`sp_trace_id ${traceId}`)
      expectNoLeak(result)
    })

    it('mints a new token once when the API refuses the first', async () => {
      spotify.inject({ path: /\/campaigns$/, status: 401 })

      const result = await request([campaignsPath()])

      expect(result.code).toBe(0)
      expect(tokenRequests()).toHaveLength(2)
      expectNoLeak(result)
    })

    it('shows each request with --verbose, credentials redacted', async () => {
      const result = await request([campaignsPath(), '--verbose'])

      expect(result.code).toBe(0)
      expect(result.stderr).toMatch(
        /^debug: POST .*\/api\/token .*Basic \*\*\*/m
      )
      expect(result.stderr).toMatch(
        /^debug: GET .*\/campaigns .*Bearer \*\*\*/m
      )
      expect(result.stderr).toContain('Minted a Bearer access token')
      expectNoLeak(result)
    })

    it.each([
      [['--bogus'], "unknown option '--bogus'"],
      [['--method', 'FETCH'], '--method must be one of GET, POST'],
      [['--body', '{}'], '--body is set, but method is GET'],
      [['--query', 'limit'], "--query 'limit' is not KEY=VALUE"],
      [['--timeout-seconds', '0'], '--timeout-seconds must be a whole number'],
      [
        ['--api-base-url', 'ftp://example.com'],
        '--api-base-url must use https'
      ],
      [['../../admin'], 'PATH must not contain "." or ".." segments'],
      [['https://evil.example/ads/v3/businesses'], 'PATH is on https://evil']
    ])(
      'refuses %j as a usage error, before any request',
      async (args, expected) => {
        const path = args[0]?.startsWith('-') ? ['businesses'] : []

        const result = await request([...path, ...args])

        expect(result.code).toBe(2)
        expect(result.stderr).toContain(expected)
        expect(result.stderr).toContain("Run 'spotify-ads request --help'")
        expect(spotify.requests).toHaveLength(0)
      }
    )

    it('says a PATH is needed', async () => {
      const result = await request([])

      expect(result.code).toBe(2)
      expect(result.stderr).toContain('PATH is missing')
    })
  })

  describe('help', () => {
    it.each([
      [['--help'], 'Usage: spotify-ads <command>'],
      [['help'], 'Usage: spotify-ads <command>'],
      [['authorize', '--help'], 'Usage: spotify-ads authorize'],
      [['token', '-h'], 'Usage: spotify-ads token'],
      [['request', 'businesses', '--help'], 'Usage: spotify-ads request PATH'],
      [['help', 'request'], 'Usage: spotify-ads request PATH']
    ])('%j prints help with examples and exit codes', async (args, usage) => {
      const result = await run(args)

      expect(result.code).toBe(0)
      expect(result.stdout.startsWith(usage)).toBe(true)
      expect(result.stdout).toContain('Examples:')
      expect(result.stdout).toContain('2  usage error')
      const lines = result.stdout.split('\n')
      expect(lines.filter(line => line.length > 80)).toEqual([])
    })

    it('prints the help to standard error and exits 2 without a command', async () => {
      const result = await run([])

      expect(result.code).toBe(2)
      expect(result.stdout).toBe('')
      expect(result.stderr).toContain('Usage: spotify-ads <command>')
    })

    it('refuses an unknown command', async () => {
      const result = await run(['tokens'])

      expect(result.code).toBe(2)
      expect(result.stderr).toContain("unknown command 'tokens'")
    })
  })
})
