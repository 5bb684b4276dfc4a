#!/usr/bin/env node
/**
 * The command-line tool's entry point, bundled as `dist/cli/index.js` and
 * run as `spotify-ads`. It only runs the command line and sets the exit code.
 */
import { messageOf } from '../errors.js'
import { runCli } from './run.js'
import { processTerminal } from './terminal.js'

runCli(process.argv.slice(2), processTerminal()).then(
  code => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`spotify-ads: ${messageOf(error)}\n`)
    process.exitCode = 1
  }
)
