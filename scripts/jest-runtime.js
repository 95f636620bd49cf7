// @ts-check
/**
 * jest's module runtime (jest.config.js `runtime`), with one change: a module under build/src,
 * build/charts or build/fast (the project and the fast build's vendor bundle) comes from the
 * environment's shared modules, loaded once per jest worker process (scripts/jest-environment.js
 * says why that is safe). Everything else (test files, their helpers, other packages, Node's
 * modules) loads as jest loads it.
 */
'use strict';
const Runtime = require('jest-runtime').default;

class SharedModulesRuntime extends Runtime {
  /**
   * @param {string} from @param {string | undefined} moduleName
   * @param {any} [options] @param {boolean} [isRequireActual]
   */
  requireModule(from, moduleName, options, isRequireActual = false) {
    /** @type {any} */
    const shared = /** @type {any} */ (this)._environment.sharedModules;
    if (shared && moduleName && !options?.isInternalModule && !this._resolver.isCoreModule(moduleName)) {
      const file = this._resolveCjsModule(from, moduleName);
      if (shared.owns(file)) return shared.load(file);
    }
    return super.requireModule(from, moduleName, options, isRequireActual);
  }
}

module.exports = SharedModulesRuntime;
