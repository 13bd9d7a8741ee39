import 'twitter-connect/define';
import type {
  AuthedDetail,
  CancelledDetail,
  PendingDetail,
  SignupCompleteDetail,
  TwitterProfile,
} from 'twitter-connect';
import { createApp, ref } from 'vue';

const app = createApp({
  setup() {
    const status = ref('Not signed in.');
    const profile = ref<TwitterProfile | null>(null);
    return {
      status,
      profile,
      onAuthed(event: CustomEvent<AuthedDetail>) {
        profile.value = null;
        status.value = `Signed in as ${String(event.detail.user?.name)}.`;
      },
      onPending(event: CustomEvent<PendingDetail>) {
        profile.value = event.detail.profile;
        status.value = `Almost there, ${event.detail.profile.name ?? ''}.`;
      },
      onCancelled(event: CustomEvent<CancelledDetail>) {
        status.value = `Cancelled: ${event.detail.reason}.`;
      },
      onSignupComplete(event: CustomEvent<SignupCompleteDetail>) {
        profile.value = null;
        status.value = `Welcome, ${String(event.detail.user?.name)}.`;
      },
    };
  },
  // camelCase bindings: Vue sets the element's properties, not attributes.
  template: `
    <main>
      <twitter-connect
        provider="twitter"
        href="/close.html"
        method="get"
        checkUrl="/api/check"
        :popupWidth="480"
        :popupHeight="520"
        :timeout="120"
        :checkTimeout="5"
        cookieName="example_popup"
        text-cancelled="No sign-in this time."
        @authed="onAuthed"
        @pending="onPending"
        @cancelled="onCancelled"
      ></twitter-connect>
      <!-- Rendered only after pending: its profile comes from Vue. -->
      <twitter-complete-signup
        v-if="profile"
        action="/api/users"
        csrfToken="example-token"
        :profile="profile"
        @signup-complete="onSignupComplete"
      ></twitter-complete-signup>
      <p id="status" role="status">{{ status }}</p>
    </main>
  `,
});
// Without this Vue would try to resolve the tags as Vue components.
app.config.compilerOptions.isCustomElement = (tag) =>
  tag.startsWith('twitter-');
app.mount('#app');
