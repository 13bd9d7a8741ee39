/**
 * The package's classes and types, without side effects: import this from a
 * bundler and register the tags with `./define`, or call the static
 * `define()` of each class.
 */
export { VERSION } from './base-element.js';
export {
  TwitterConnect,
  type ConnectState,
  type TwitterConnectSettings,
} from './twitter-connect.js';
export {
  TwitterCompleteSignup,
  type SignupState,
  type TwitterCompleteSignupSettings,
} from './twitter-complete-signup.js';
export type { FlowOutcome } from './check-status.js';
export type * from './events.js';
