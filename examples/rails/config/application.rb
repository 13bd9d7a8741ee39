require_relative "boot"

# Only the parts of Rails this example uses; no assets, mail, jobs or cable.
require "rails"
require "active_model/railtie"
require "active_record/railtie"
require "action_controller/railtie"
require "action_view/railtie"

Bundler.require(*Rails.groups)

module TwitterConnectExample
  class Application < Rails::Application
    config.load_defaults 6.1

    # Rails 6.1 apps get this from a generated initializer; without it the
    # cookie jar falls back to Marshal.
    config.action_dispatch.cookies_serializer = :json

    # db/schema.rb is written by hand and has no migrations; keep Rails from
    # overwriting it with an empty dump.
    config.active_record.dump_schema_after_migration = false

    # The test runner reads the log from the process output.
    if ENV["RAILS_LOG_TO_STDOUT"].present?
      config.logger = ActiveSupport::Logger.new($stdout)
      config.log_level = ENV.fetch("RAILS_LOG_LEVEL", "info")
    end
  end
end
