/**
 * `npm run bench`: measures the bundle against the fake Spotify, side by
 * side in one run, and prints a table (Markdown, for the README).
 *
 * - Token-only step vs a bare Node.js process making the same token request
 *   with `node:http`: the floor for any node24 action. Median of several
 *   runs, the two alternating.
 * - 5,000 items over 100 pages at 100 ms of latency each, against the
 *   sequential floor of 100 × 100 ms.
 * - Peak RSS (`/usr/bin/time -v`) paging 10,000 and 100,000 items.
 *
 * Options: `--runs N` (token runs per runtime, default 21), `--quick` (fewer
 * runs and the 100,000-item case at 30,000), for a smoke test.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import {
  actionDefaults,
  fakeSpotifyInputs,
  inputVariable,
  ROOT,
  RUNTIMES
} from '../fake/runner.js'
import { startFakeSpotify, type FakeSpotify } from '../fake/spotify.js'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '21' },
    quick: { type: 'boolean', default: false }
  }
})
const quick = values.quick
const tokenRuns = quick ? 5 : Number(values.runs)
const BUNDLE = join(ROOT, 'dist/index.js')
const work = mkdtempSync(join(tmpdir(), 'spotify-ads-bench-'))

/** The bare floor: one token request with node:http, nothing else. */
const BARE = join(work, 'bare-token.mjs')
writeFileSync(
  BARE,
  `import { request } from 'node:http'
const url = new URL(process.env.TOKEN_URL)
const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: process.env.REFRESH_TOKEN }).toString()
const basic = Buffer.from(process.env.CLIENT_ID + ':' + process.env.CLIENT_SECRET).toString('base64')
const req = request(url, { method: 'POST', headers: { authorization: 'Basic ' + basic, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, res => {
  let text = ''
  res.on('data', chunk => (text += chunk))
  res.on('end', () => console.log('::add-mask::' + JSON.parse(text).access_token))
})
req.end(body)
`
)

interface Child {
  ms: number
  code: number | null
  stdout: string
  stderr: string
}

function runChild(command: string, args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<Child>((resolve, reject) => {
    const started = performance.now()
    const child = spawn(command, args, {
      env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', code =>
      resolve({ ms: performance.now() - started, code, stdout, stderr })
    )
  })
}

/** The environment the runner gives a step, with the action's inputs. */
function actionEnv(
  spotify: FakeSpotify,
  inputs: Record<string, string>
): NodeJS.ProcessEnv {
  const step = mkdtempSync(join(work, 'step-'))
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    RUNNER_TEMP: step,
    GITHUB_OUTPUT: join(step, 'output'),
    GITHUB_STEP_SUMMARY: join(step, 'summary'),
    GITHUB_ACTION: 'bench',
    TOKEN_URL: spotify.tokenUrl,
    CLIENT_ID: spotify.clientId,
    CLIENT_SECRET: spotify.clientSecret,
    REFRESH_TOKEN: spotify.refreshToken
  }
  writeFileSync(env.GITHUB_OUTPUT!, '')
  writeFileSync(env.GITHUB_STEP_SUMMARY!, '')
  const all = {
    ...actionDefaults(),
    ...fakeSpotifyInputs(spotify),
    ...inputs
  }
  for (const [name, value] of Object.entries(all)) {
    env[inputVariable(name)] = value
  }
  return env
}

async function mustSucceed(child: Promise<Child>): Promise<Child> {
  const result = await child
  if (result.code !== 0) {
    throw new Error(
      `a run failed (${result.code}):\n${result.stdout}${result.stderr}`
    )
  }
  return result
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2
    ? sorted[middle]!
    : (sorted[middle - 1]! + sorted[middle]!) / 2
}

async function tokenOnly(node: string) {
  const spotify = await startFakeSpotify()
  try {
    const bare: number[] = []
    const action: number[] = []
    // One warm-up of each, so that neither pays for a cold file cache.
    for (let run = -1; run < tokenRuns; run++) {
      const env = actionEnv(spotify, {})
      const a = await mustSucceed(runChild(node, [BARE], env))
      const b = await mustSucceed(runChild(node, [BUNDLE], env))
      if (run >= 0) {
        bare.push(a.ms)
        action.push(b.ms)
      }
    }
    return { bare: median(bare), action: median(action) }
  } finally {
    await spotify.close()
  }
}

async function paging(node: string) {
  const spotify = await startFakeSpotify({ campaigns: 5000, latencyMs: 100 })
  try {
    const times: number[] = []
    for (let run = 0; run < (quick ? 1 : 3); run++) {
      const env = actionEnv(spotify, {
        path: `ad_accounts/${spotify.accountId}/campaigns`,
        paginate: 'true'
      })
      times.push((await mustSucceed(runChild(node, [BUNDLE], env))).ms)
    }
    return median(times)
  } finally {
    await spotify.close()
  }
}

/** Median peak RSS in MB of paging `items` items (three runs). */
async function peakRss(node: string, items: number): Promise<number> {
  const spotify = await startFakeSpotify({ campaigns: items })
  try {
    const peaks: number[] = []
    for (let run = 0; run < (quick ? 1 : 3); run++) {
      const env = actionEnv(spotify, {
        path: `ad_accounts/${spotify.accountId}/campaigns`,
        paginate: 'true',
        'max-pages': '100000'
      })
      const result = await mustSucceed(
        runChild('/usr/bin/time', ['-v', node, BUNDLE], env)
      )
      const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(
        result.stderr
      )
      if (!kb) throw new Error(`no RSS from /usr/bin/time:\n${result.stderr}`)
      peaks.push(Number(kb[1]) / 1024)
    }
    return median(peaks)
  } finally {
    await spotify.close()
  }
}

const fixed = (value: number, digits = 2) => value.toFixed(digits)
const large = quick ? 30_000 : 100_000

if (!existsSync(BUNDLE)) throw new Error('run `npm run build` first')
if (!existsSync('/usr/bin/time')) {
  throw new Error('/usr/bin/time (GNU time) is needed: apt-get install time')
}

const rows: string[][] = []
for (const runtime of RUNTIMES) {
  process.stderr.write(`Measuring on ${runtime.name}…\n`)
  const token = await tokenOnly(runtime.path)
  const pagingMs = await paging(runtime.path)
  const small = await peakRss(runtime.path, 10_000)
  const big = await peakRss(runtime.path, large)
  rows.push([
    runtime.name,
    `${fixed(token.action / token.bare)}× (${Math.round(token.action)} ms vs ${Math.round(token.bare)} ms)`,
    `${fixed(pagingMs / 10_000)} (${fixed(pagingMs / 1000, 1)} s vs 10 s)`,
    `${fixed(small, 0)} MB`,
    `${fixed(big, 0)} MB`,
    `${fixed(big / small)}×`
  ])
}

const header = [
  'runtime',
  `token-only step / bare node:http (median of ${tokenRuns})`,
  '5,000 items, 100 pages at 100 ms / sequential floor',
  'peak RSS, 10,000 items',
  `peak RSS, ${large.toLocaleString('en')} items`,
  'RSS growth'
]
const goals = ['goal', '≤ 1.4×', '≤ 0.3', '', '≤ 100 MB', '≤ 1.3×']
const table = [header, goals.map(() => '---'), ...rows, goals]
process.stdout.write(
  `${table.map(row => `| ${row.join(' | ')} |`).join('\n')}\n`
)
