class ApplicationController < ActionController::Base
  # <twitter-connect> sets this cookie while its popup is open, so that the
  # server answers the end of the flow with the close page, not a redirect.
  POPUP_COOKIE = "twitter_oauth_popup".freeze

  protect_from_forgery with: :exception

  # A stale CSRF token on a JSON request gets the body Rails' own error page
  # renders in production, in every environment. <twitter-complete-signup>
  # recognises it and tells the user that the session expired. HTML requests
  # keep Rails' usual handling.
  rescue_from ActionController::InvalidAuthenticityToken do |error|
    raise error unless request.format.json?

    render json: { status: 422, error: "Unprocessable Entity" },
      status: :unprocessable_entity
  end

  private

  # `cookies[...]` is "" for a cookie cleared by assigning nil, and "" is
  # true in Ruby: present? treats it as absent.
  def popup_flow?
    cookies[POPUP_COOKIE].present?
  end

  # The tiny page the popup ends on: callback.js tells the opener that the
  # flow is over and closes the window. The cookie goes with it, so a later
  # visit outside the popup is not mistaken for the end of a flow.
  def render_close_page
    cookies.delete(POPUP_COOKIE)
    render "authentications/close", layout: false
  end
end
