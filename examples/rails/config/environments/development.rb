Rails.application.configure do
  # Reload code on every request while you edit the example.
  config.cache_classes = false
  config.eager_load = false
  config.consider_all_requests_local = true
  config.active_record.migration_error = :page_load
  config.active_support.deprecation = :log
end
