class AuthenticationsController < ApplicationController
  # OmniAuth calls #failure from its middleware, also for a refused POST
  # /auth/twitter; it only renders or redirects, so a token check there would
  # turn a friendly close page into an error page.
  skip_forgery_protection only: :failure

  # GET /auth/twitter/callback, after the strategy has fetched the profile.
  def create
    auth = request.env["omniauth.auth"]
    authentication = Authentication.find_by(
      provider: auth.provider, uid: auth.uid.to_s
    )

    if authentication
      # A known Twitter account: sign its user in.
      session.delete("omniauth")
      sign_in(authentication.user)
    elsif user_signed_in?
      # Someone signed in some other way links Twitter to their account.
      current_user.authentications.create!(
        provider: auth.provider, uid: auth.uid.to_s
      )
    else
      # Twitter said yes, but no account exists yet and Twitter gives no
      # email address: keep the profile until the sign-up form is sent. Only
      # plain values: the cookie session holds 4 KB of JSON.
      session["omniauth"] = {
        "provider" => auth.provider,
        "uid" => auth.uid.to_s,
        "info" => auth.info.to_h.slice(
          "nickname", "name", "email", "image", "description", "location"
        )
      }
    end

    return render_close_page if popup_flow?

    # Without the popup (no JavaScript, or a blocked popup) the same flow
    # runs in the page itself.
    if user_signed_in?
      redirect_to root_path, notice: "Signed in with Twitter."
    else
      redirect_to root_path, notice: "Choose an email address to finish."
    end
  end

  # Everything OmniAuth calls a failure: Deny on Twitter, a bad CSRF token
  # on POST /auth/twitter, a request token that expired.
  def failure
    return render_close_page if popup_flow?

    reason = request.env["omniauth.error.type"] || params[:message]
    redirect_to root_path, alert: "Twitter sign-in did not finish (#{reason})."
  end

  # GET /auth/check/twitter: what <twitter-connect> asks once the popup is
  # closed. csrf_token is extra: signing in resets the session's CSRF token
  # (Devise's clean_up_csrf_token_on_authentication), and a page that never
  # reloads needs the new one for its next POST.
  def check
    provider = params[:provider]
    authentication = current_user&.authentications&.find_by(provider: provider)
    omniauth = session["omniauth"]

    body =
      if authentication
        { authed: true, authentication: authentication, user: current_user }
      elsif omniauth && omniauth["provider"] == provider
        { authed: true, omniauth: omniauth }
      else
        { authed: false }
      end

    response.headers["Cache-Control"] = "no-store"
    render json: body.merge(csrf_token: form_authenticity_token)
  end
end
