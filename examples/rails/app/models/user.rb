class User < ApplicationRecord
  # Password sign-in is kept so that Devise works as usual; people who join
  # through Twitter get a random password they never need.
  devise :database_authenticatable, :registerable, :validatable

  has_many :authentications, dependent: :destroy

  # Twitter gives no email address, so a new user is built from the profile
  # kept in the session plus the email typed into <twitter-complete-signup>.
  def self.build_from_omniauth(omniauth, attributes)
    info = omniauth["info"] || {}
    new(
      email: attributes[:email],
      name: attributes[:name].presence || info["name"],
      nickname: attributes[:nickname].presence || info["nickname"],
      image: info["image"],
      password: Devise.friendly_token
    ).tap do |user|
      user.authentications.build(
        provider: omniauth["provider"], uid: omniauth["uid"]
      )
    end
  end

  # What the check and sign-up endpoints show the page: nothing secret.
  def as_json(*)
    { id: id, email: email, name: name, nickname: nickname, image: image }
  end
end
