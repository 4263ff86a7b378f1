/**
 * `src/config/`: scenario files (docs/model.md#scenario) → a validated `Scenario`.
 */

// Loading: files and text, with every failure a ScenarioError naming the source.
export { loadScenarioFile, parseScenarioText, readScenarioDocument, type Override } from './load-scenario.js';
export { MAX_ALIAS_COUNT } from './parse-yaml.js';

// Validation of an already parsed document, and its error.
export { validateScenario } from './validate-scenario.js';
export { ScenarioError } from './scenario-error.js';

// `--set key=value` on the raw document.
export { applyOverride } from './overrides.js';

// Units: "90s" → hours, "40GB" → bytes.
export { parseDuration, parseSize, UnitError } from './units.js';
