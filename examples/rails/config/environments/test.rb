Rails.application.configure do
  config.cache_classes = true
  config.eager_load = false
  config.consider_all_requests_local = true
  config.active_support.deprecation = :stderr
  # Unlike a generated test.rb, CSRF protection stays on: the browser tests
  # check the token the elements send, including a stale one.
  config.action_controller.allow_forgery_protection = true
end
