# A Twitter identity (provider + uid) linked to a user.
class Authentication < ApplicationRecord
  belongs_to :user

  validates :provider, :uid, presence: true
  validates :uid, uniqueness: { scope: :provider }

  def as_json(*)
    { id: id, provider: provider, uid: uid }
  end
end
