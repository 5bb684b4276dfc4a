/**
 * Runs the action's `run()` inside the test process, with no mocks: real
 * `INPUT_*` variables (with the defaults of `action.yml`), real
 * `GITHUB_OUTPUT` and `GITHUB_STEP_SUMMARY` files, and the log captured
 * from stdout. The end-to-end tests run the bundle; these cover the sources.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  actionDefaults,
  inputVariable,
  parseOutputFile
} from '../../fake/runner.js'
import { run } from '../../src/main.js'

export interface InProcessRun {
  error?: Error
  stdout: string
  outputs: Record<string, string>
  summary: string
  runnerTemp: string
}

const home = mkdtempSync(join(tmpdir(), 'spotify-ads-in-process-'))
// Note: `core.summary` keeps the first summary file it is given, so every
// run in a test file shares this one, emptied before each run.
const summaryFile = join(home, 'step-summary')

export async function runInProcess(
  inputs: Record<string, string>,
  env: Record<string, string> = {}
): Promise<InProcessRun> {
  const saved = { ...process.env }
  const runnerTemp = mkdtempSync(join(home, 'runner-temp-'))
  const outputFile = join(runnerTemp, 'github-output')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')

  for (const name of Object.keys(process.env)) {
    if (/^(INPUT_|GITHUB_|ACTIONS_|RUNNER_)/.test(name))
      delete process.env[name]
  }
  const allInputs = { ...actionDefaults(), ...inputs }
  for (const [name, value] of Object.entries(allInputs)) {
    process.env[inputVariable(name)] = value
  }
  Object.assign(process.env, {
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: runnerTemp,
    GITHUB_ACTION: 'spotify',
    ...env
  })

  const chunks: string[] = []
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = (chunk: string | Uint8Array) => {
    chunks.push(chunk.toString())
    return true
  }

  let error: Error | undefined
  try {
    await run()
  } catch (thrown) {
    error = thrown as Error
  } finally {
    process.stdout.write = write
    restoreEnv(saved)
  }
  return {
    error,
    stdout: chunks.join(''),
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    runnerTemp
  }
}

function restoreEnv(saved: NodeJS.ProcessEnv): void {
  for (const name of Object.keys(process.env)) {
    if (!(name in saved)) delete process.env[name]
  }
  Object.assign(process.env, saved)
}
