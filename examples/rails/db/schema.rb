# The whole database of the example. The scripts load it into a fresh
# SQLite file on every start (`bin/rails db:schema:load db:seed`).
ActiveRecord::Schema.define(version: 2026_01_01_000000) do
  create_table "users", force: :cascade do |t|
    t.string "email", null: false, default: ""
    t.string "encrypted_password", null: false, default: ""
    t.string "name"
    t.string "nickname"
    t.string "image"
    t.timestamps
    t.index ["email"], unique: true
  end

  # One row per sign-in provider linked to a user: a user can later add
  # another provider without a second account.
  create_table "authentications", force: :cascade do |t|
    t.references "user", null: false, foreign_key: true
    t.string "provider", null: false
    t.string "uid", null: false
    t.timestamps
    t.index ["provider", "uid"], unique: true
  end
end
