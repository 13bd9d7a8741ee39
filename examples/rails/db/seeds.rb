# One account that is already linked to Twitter, so "Authorize app" on the
# fake provider (uid 1001, see fake-twitter/server.mjs) signs straight in.
user = User.find_or_create_by!(email: "existing@example.com") do |u|
  u.name = "Existing Person"
  u.nickname = "existing"
  u.password = Devise.friendly_token
end
user.authentications.find_or_create_by!(provider: "twitter", uid: "1001")
