Rails.application.routes.draw do
  # POST /users is the JSON sign-up that <twitter-complete-signup> calls.
  devise_for :users, only: [:sessions, :registrations],
    controllers: { registrations: "registrations" }

  # POST /auth/twitter is handled by the OmniAuth middleware before routing;
  # the callback reaches the app once the strategy has the profile.
  get "/auth/:provider/callback", to: "authentications#create"
  get "/auth/check/:provider", to: "authentications#check"

  # The elements, straight from the package build (`npm run build`). A real
  # app serves the two files from public/ or its asset pipeline instead.
  mount Rack::Files.new(
    ENV.fetch("TWITTER_CONNECT_DIST") { Rails.root.join("../../dist").to_s }
  ), at: "/twitter-connect"

  get "/about", to: "home#about"
  root "home#index"
end
