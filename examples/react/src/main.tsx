// Registered before React renders the tags, so that React 19 finds the
// properties (`checkUrl` in el) and sets them instead of attributes.
import 'twitter-connect/define';
import type {} from 'twitter-connect/react';
import type { TwitterProfile } from 'twitter-connect';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';

function App() {
  const [status, setStatus] = useState('Not signed in.');
  const [profile, setProfile] = useState<TwitterProfile | null>(null);
  return (
    <main>
      <twitter-connect
        provider="twitter"
        href="/close.html"
        method="get"
        checkUrl="/api/check"
        popupWidth={480}
        popupHeight={520}
        timeout={120}
        checkTimeout={5}
        cookieName="example_popup"
        text-cancelled="No sign-in this time."
        onauthed={(event) => {
          setProfile(null);
          setStatus(`Signed in as ${String(event.detail.user?.name)}.`);
        }}
        onpending={(event) => {
          setProfile(event.detail.profile);
          setStatus(`Almost there, ${event.detail.profile.name ?? ''}.`);
        }}
        oncancelled={(event) => setStatus(`Cancelled: ${event.detail.reason}.`)}
      />
      {/* Rendered only after `pending`: its profile comes from React. */}
      {profile && (
        <twitter-complete-signup
          action="/api/users"
          csrfToken="example-token"
          profile={profile}
          onsignup-complete={(event) => {
            setProfile(null);
            setStatus(`Welcome, ${String(event.detail.user?.name)}.`);
          }}
        />
      )}
      <p id="status" role="status">
        {status}
      </p>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
