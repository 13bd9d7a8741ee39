# Devise keeps who is signed in; only the settings this example relies on.
Devise.setup do |config|
  require "devise/orm/active_record"

  config.mailer_sender = "no-reply@example.invalid"
  config.case_insensitive_keys = [:email]
  config.strip_whitespace_keys = [:email]
  config.sign_out_via = :delete
  # JSON requests get JSON (401 or the controller's own answer), not a
  # redirect to the sign-in page.
  config.navigational_formats = ["*/*", :html]
  # bcrypt's cost; the tests need no real hashing work.
  config.stretches = Rails.env.test? ? 1 : 12
end
