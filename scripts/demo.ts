/**
 * `npm run demo`: runs the bundled action exactly as the runner would,
 * against the built-in fake Spotify and a fake artifact service, and shows
 * what a user sees: the masked log, the outputs, the response file and the
 * job summary. Then it shows a failure: a refresh token Spotify refuses.
 */
import { readFileSync } from 'node:fs'
import { startFakeResultsService } from '../fake/results-service.js'
import { logAsRunnerShows, runAction, type ActionRun } from '../fake/runner.js'
import { startFakeSpotify } from '../fake/spotify.js'

const bold = (text: string) =>
  process.stdout.isTTY ? `\u001b[1m${text}\u001b[0m` : text

function section(title: string, body: string): void {
  console.log(`\n${bold(`── ${title} ──`)}`)
  console.log(body.trimEnd())
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}

function showRun(run: ActionRun): void {
  section('Step log, as the runner shows it', logAsRunnerShows(run))
  const masks = new Set(run.stdout.match(/(?<=^::add-mask::).*$/gm) ?? [])
  const outputs = Object.entries(run.outputs).map(
    ([name, value]) => `${name}: ${masks.has(value) ? '***' : value}`
  )
  section('Outputs', outputs.join('\n') || '(none)')
  const file = run.outputs['response-file']
  if (file) {
    const text = readFileSync(file, 'utf8')
    const lines = prettyJson(text).split('\n')
    const head = lines.slice(0, 24).join('\n')
    const more = lines.length > 24 ? `\n… ${lines.length - 24} more lines` : ''
    section(`Response file ${file}`, head + more)
  }
  section('Job summary (Markdown/HTML)', run.summary || '(empty)')
  console.log(
    `\nExit code: ${run.code} (${run.code === 0 ? 'step green' : 'step failed'})`
  )
}

const spotify = await startFakeSpotify({ campaigns: 12 })
const results = await startFakeResultsService()
try {
  console.log(
    bold('Spotify Ads API action: demo against the built-in fake Spotify')
  )
  console.log(
    `Fake Spotify: ${spotify.url}   Fake artifact service: ${results.url}`
  )

  const inputs = {
    'client-id': 'fake-client-id',
    'client-secret': 'fake-client-secret',
    'refresh-token': 'fake-refresh-token',
    'token-url': spotify.tokenUrl,
    'api-base-url': spotify.apiBaseUrl
  }
  const request = {
    path: `ad_accounts/${spotify.accountId}/campaigns`,
    query: 'limit=3',
    'artifact-name': 'campaigns'
  }
  section(
    '1. uses: ./ with',
    Object.entries({ ...inputs, ...request })
      .map(
        ([name, value]) =>
          `  ${name}: ${name.includes('secret') || name.includes('refresh') ? '${{ secrets.… }}' : value}`
      )
      .join('\n')
  )
  showRun(
    await runAction({ inputs: { ...inputs, ...request }, env: results.env() })
  )

  section(
    '2. The same step with a refresh token Spotify refuses',
    '  refresh-token: ${{ secrets.SPOTIFY_REFRESH_TOKEN }} (revoked)'
  )
  const failed = await runAction({
    inputs: { ...inputs, ...request, 'refresh-token': 'revoked-refresh-token' },
    env: results.env()
  })
  section('Step log, as the runner shows it', logAsRunnerShows(failed))
  console.log(`\nExit code: ${failed.code} (step failed, as it should)`)
} finally {
  await Promise.all([spotify.close(), results.close()])
}
