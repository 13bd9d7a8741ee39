/** Registers `<twitter-connect>` and `<twitter-complete-signup>`. */
import { TwitterCompleteSignup } from './twitter-complete-signup.js';
import { TwitterConnect } from './twitter-connect.js';

TwitterConnect.define();
TwitterCompleteSignup.define();

export * from './index.js';
