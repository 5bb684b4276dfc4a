/**
 * The action's entry point, run by the runner as `dist/index.js`. It only
 * calls `run()` and turns anything thrown into a failed step.
 */
import * as workflow from './workflow.js'
import { messageOf } from './errors.js'
import { run } from './main.js'

run().catch((error: unknown) => {
  workflow.setFailed(`spotify-ads: ${messageOf(error)}`)
})
