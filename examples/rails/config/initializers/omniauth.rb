# OmniAuth runs as Rack middleware in front of the app:
#   POST /auth/twitter           starts the flow (OmniAuth 2 refuses GET, and
#                                omniauth-rails_csrf_protection checks the
#                                Rails CSRF token on it);
#   GET  /auth/twitter/callback  is where Twitter sends the user back; the
#                                strategy fetches the profile and hands
#                                request.env["omniauth.auth"] to the app.
#
# TWITTER_SITE points the strategy at the fake provider that the example
# scripts start on loopback (fake-twitter/server.mjs). A real app drops the
# client_options and uses its real keys.
twitter_options = {}
if ENV["TWITTER_SITE"].present?
  twitter_options[:client_options] = {
    site: ENV["TWITTER_SITE"],
    # The consent page is what the browser opens; it may be served under
    # another host name than the API the server calls.
    authorize_url: ENV.fetch("TWITTER_AUTHORIZE_URL") {
      "#{ENV["TWITTER_SITE"]}/oauth/authenticate"
    }
  }
end

Rails.application.config.middleware.use OmniAuth::Builder do
  provider :twitter,
    ENV.fetch("TWITTER_API_KEY", "example-consumer-key"),
    ENV.fetch("TWITTER_API_SECRET", "example-consumer-secret"),
    **twitter_options
end

OmniAuth.config.logger = Rails.logger

# Every failure (Deny on Twitter, a bad CSRF token on POST /auth/twitter, an
# expired request token) goes straight to AuthenticationsController#failure.
# The default would redirect to /auth/failure, and in development it raises
# instead; the popup needs the close page either way.
OmniAuth.config.on_failure = lambda do |env|
  AuthenticationsController.action(:failure).call(env)
end
